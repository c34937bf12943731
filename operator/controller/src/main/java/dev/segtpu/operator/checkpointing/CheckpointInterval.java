package dev.segtpu.operator.checkpointing;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The user's {@code spec.checkpoint.interval}: {@code auto}, a duration ({@code 30s}, {@code 10m}, {@code 2h}) or a step count ({@code 2000steps}). */
public sealed interface CheckpointInterval {

  Pattern FORM = Pattern.compile("^([1-9][0-9]*)(s|m|h|steps)$");

  /** Young/Daly optimum, resolved by {@link IntervalPlanner} for every attempt. */
  record Auto() implements CheckpointInterval {}

  record Every(Duration period) implements CheckpointInterval {}

  record EverySteps(long steps) implements CheckpointInterval {}

  /** Parses the spec value; unset means {@code auto}. */
  static CheckpointInterval parse(String text) {
    if (text == null || text.equals("auto")) {
      return new Auto();
    }
    Matcher m = FORM.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("spec.checkpoint.interval '" + text
          + "' is not valid: use auto, a duration such as 30s, 10m or 2h, or a step count such as 2000steps");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> new Every(Duration.ofSeconds(n));
      case "m" -> new Every(Duration.ofMinutes(n));
      case "h" -> new Every(Duration.ofHours(n));
      default -> new EverySteps(n);
    };
  }
}
