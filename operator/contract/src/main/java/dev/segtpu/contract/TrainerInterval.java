package dev.segtpu.contract;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code SEGTPU_CHECKPOINT_INTERVAL}: {@code <N>steps} or {@code <N>s}, N above 0. The operator resolves
 * the spec's forms ({@code auto}, minutes, hours) into one of these two before passing it on.
 *
 * @param steps the step count, or 0 for a time interval
 * @param time the wall time, or null for a step interval
 */
public record TrainerInterval(long steps, Duration time) {

  private static final Pattern FORMAT = Pattern.compile("([1-9][0-9]{0,17})(steps|s)");

  public static TrainerInterval everySteps(long steps) {
    if (steps <= 0) {
      throw new IllegalArgumentException("a checkpoint interval needs at least 1 step, got " + steps);
    }
    return new TrainerInterval(steps, null);
  }

  public static TrainerInterval every(Duration time) {
    if (time.toSeconds() <= 0) {
      throw new IllegalArgumentException("a checkpoint interval needs at least 1 s, got " + time);
    }
    return new TrainerInterval(0, Duration.ofSeconds(time.toSeconds()));
  }

  /** Parses "500steps" or "600s"; nothing else (no spaces, no units the operator resolves). */
  public static TrainerInterval parse(String text) {
    Matcher m = FORMAT.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("expected <N>steps or <N>s with N > 0, got '" + text + "'");
    }
    long n = Long.parseLong(m.group(1));
    return m.group(2).equals("steps") ? everySteps(n) : every(Duration.ofSeconds(n));
  }

  public boolean due(long stepsSinceLast, Duration sinceLast) {
    return time == null ? stepsSinceLast >= steps : sinceLast.compareTo(time) >= 0;
  }

  /** The contract's spelling, which {@link #parse} reads back. */
  @Override
  public String toString() {
    return time == null ? steps + "steps" : time.toSeconds() + "s";
  }
}
