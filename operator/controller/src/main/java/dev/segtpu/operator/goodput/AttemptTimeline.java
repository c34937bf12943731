package dev.segtpu.operator.goodput;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The wall-clock milestones of one attempt, from pod timestamps.
 *
 * @param requestedAt from when this attempt's wait counts: the job's start for the first attempt, the
 *     previous gang's release for a restart
 * @param scheduledAt when the last worker of the gang was scheduled (its PodScheduled time); null while waiting
 * @param endedAt when the gang's TPU nodes were released; null while it runs
 */
public record AttemptTimeline(Instant requestedAt, Instant scheduledAt, Instant endedAt) {

  public AttemptTimeline {
    Objects.requireNonNull(requestedAt, "requestedAt");
  }

  public double schedulingSeconds(Instant now) {
    return seconds(requestedAt, scheduledAt != null ? scheduledAt : end(now));
  }

  /** Seconds the gang held its TPU nodes. */
  public double heldSeconds(Instant now) {
    return scheduledAt == null ? 0 : seconds(scheduledAt, end(now));
  }

  private Instant end(Instant now) {
    return endedAt != null ? endedAt : now;
  }

  private static double seconds(Instant from, Instant to) {
    return Math.max(0, Duration.between(from, to).toMillis() / 1000.0);
  }
}
