package dev.segtpu.operator.checkpointing;

import dev.segtpu.api.SpecLimits;
import java.time.Duration;
import java.util.regex.Pattern;

/** The user's {@code spec.checkpoint.interval}: {@code auto}, a duration ({@code 30s}, {@code 10m}, {@code 2h}) or a step count ({@code 2000steps}). */
public sealed interface CheckpointInterval {

  /** The schema's pattern: the API server, the validator and this parser accept the same values. */
  Pattern FORM = Pattern.compile(SpecLimits.CHECKPOINT_INTERVAL);

  /** Young/Daly optimum, resolved by {@link IntervalPlanner} for every attempt. */
  record Auto() implements CheckpointInterval {}

  record Every(Duration period) implements CheckpointInterval {}

  record EverySteps(long steps) implements CheckpointInterval {}

  /** Parses the spec value; unset means {@code auto}. */
  static CheckpointInterval parse(String text) {
    if (text == null) {
      return new Auto();
    }
    if (!FORM.matcher(text).matches()) {
      throw new IllegalArgumentException("spec.checkpoint.interval '" + text + "' is not valid: use "
          + SpecLimits.describe(SpecLimits.CHECKPOINT_INTERVAL).orElseThrow());
    }
    if (text.equals("auto")) {
      return new Auto();
    }
    if (text.endsWith("steps")) {
      return new EverySteps(Long.parseLong(text.substring(0, text.length() - "steps".length())));
    }
    long n = Long.parseLong(text.substring(0, text.length() - 1));
    return switch (text.charAt(text.length() - 1)) {
      case 's' -> new Every(Duration.ofSeconds(n));
      case 'm' -> new Every(Duration.ofMinutes(n));
      default -> new Every(Duration.ofHours(n));
    };
  }
}
