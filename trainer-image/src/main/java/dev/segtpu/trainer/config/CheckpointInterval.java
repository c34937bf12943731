package dev.segtpu.trainer.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** When to write a periodic checkpoint: every N steps or every T of wall time (SEGTPU_CHECKPOINT_INTERVAL). */
public record CheckpointInterval(long steps, Duration time) {

  private static final Pattern FORMAT = Pattern.compile("(\\d+)\\s*(steps|s)");

  public static CheckpointInterval everySteps(long steps) {
    return new CheckpointInterval(steps, null);
  }

  public static CheckpointInterval every(Duration time) {
    return new CheckpointInterval(0, time);
  }

  /** Parses "500steps" or "600s". */
  public static CheckpointInterval parse(String text) {
    Matcher m = FORMAT.matcher(text.trim());
    if (!m.matches() || Long.parseLong(m.group(1)) <= 0) {
      throw new IllegalArgumentException("expected <N>steps or <N>s with N > 0, got '" + text + "'");
    }
    long n = Long.parseLong(m.group(1));
    return m.group(2).equals("steps") ? everySteps(n) : every(Duration.ofSeconds(n));
  }

  public boolean due(long stepsSinceLast, Duration sinceLast) {
    return time == null ? stepsSinceLast >= steps : sinceLast.compareTo(time) >= 0;
  }

  @Override
  public String toString() {
    return time == null ? steps + "steps" : time.toSeconds() + "s";
  }
}
