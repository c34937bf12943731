package dev.segtpu.operator.hang;

import dev.segtpu.api.HangDetectionSpec;
import java.time.Duration;

/**
 * How long a training trainer may go without a new step before it counts as hung:
 * {@code max(stepTimeMultiple x step time, minimumSeconds)}. The step time is the trainer's own: the
 * inverse of its reported {@code stepsPerSecond}, which the trainer measures over its most recent steps
 * (a moving window, so start-up does not inflate it); before it has reported a rate, the floor alone
 * applies.
 */
public final class HangBound {

  private HangBound() {}

  /** @param stepsPerSecond the trainer's reported rate; null before it measured one */
  public static Duration of(HangDetectionSpec spec, Double stepsPerSecond) {
    HangDetectionSpec policy = HangDetectionSpec.orDefaults(spec);
    Duration floor = Duration.ofSeconds(policy.minimumSecondsOrDefault());
    if (stepsPerSecond == null || !(stepsPerSecond > 0) || stepsPerSecond.isInfinite()) {
      return floor;
    }
    double seconds = policy.stepTimeMultipleOrDefault() / stepsPerSecond;
    Duration multiple = seconds >= Long.MAX_VALUE / 1_000_000_000L ? Duration.ofSeconds(Long.MAX_VALUE / 1_000_000_000L)
        : Duration.ofNanos((long) (seconds * 1e9));
    return multiple.compareTo(floor) > 0 ? multiple : floor;
  }
}
