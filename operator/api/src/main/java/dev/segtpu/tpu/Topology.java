package dev.segtpu.tpu;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/** A TPU slice shape in chips, such as 2x4 or 2x2x2. */
public record Topology(List<Integer> dimensions) {

  private static final Pattern FORM = Pattern.compile("^[1-9][0-9]*(x[1-9][0-9]*){1,2}$");

  public Topology {
    dimensions = List.copyOf(dimensions);
  }

  /** Parses "AxB" or "AxBxC"; throws with a message naming the expected form. */
  public static Topology parse(String text) {
    if (text == null || !FORM.matcher(text).matches()) {
      throw new IllegalArgumentException(
          "topology '" + text + "' is not of the form AxB or AxBxC with positive integers, e.g. 2x4 or 2x2x2");
    }
    return new Topology(Arrays.stream(text.split("x")).map(Integer::valueOf).toList());
  }

  public static boolean isWellFormed(String text) {
    return text != null && FORM.matcher(text).matches();
  }

  public int chips() {
    return dimensions.stream().reduce(1, Math::multiplyExact);
  }

  public int rank() {
    return dimensions.size();
  }

  @Override
  public String toString() {
    return String.join("x", dimensions.stream().map(String::valueOf).toList());
  }
}
