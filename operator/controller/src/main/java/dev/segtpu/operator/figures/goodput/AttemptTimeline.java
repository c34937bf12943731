package dev.segtpu.operator.figures.goodput;

import dev.segtpu.operator.figures.cost.TpuHold;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
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

  /**
   * The timeline of a gang of {@code hosts} workers from their TPU holds ({@link TpuHold#ofPod}): it is
   * scheduled when the last worker is, and ends when the last worker releases its node.
   */
  public static AttemptTimeline ofGang(Instant requestedAt, Collection<TpuHold> holds, int hosts) {
    boolean allPlaced = holds.size() >= hosts;
    Instant scheduled = allPlaced ? latest(holds.stream().map(TpuHold::heldSince).toList()) : null;
    boolean allReleased = allPlaced && holds.stream().allMatch(TpuHold::released);
    Instant ended = allReleased ? latest(holds.stream().map(TpuHold::releasedAt).toList()) : null;
    return new AttemptTimeline(requestedAt, scheduled, ended);
  }

  public double schedulingSeconds(Instant now) {
    return seconds(requestedAt, scheduledAt != null ? scheduledAt : end(now));
  }

  /** Seconds the gang held its TPU nodes. */
  public double heldSeconds(Instant now) {
    return scheduledAt == null ? 0 : seconds(scheduledAt, end(now));
  }

  private static Instant latest(Collection<Instant> instants) {
    return instants.stream().max(Comparator.naturalOrder()).orElseThrow();
  }

  private Instant end(Instant now) {
    return endedAt != null ? endedAt : now;
  }

  private static double seconds(Instant from, Instant to) {
    return Math.max(0, Duration.between(from, to).toMillis() / 1000.0);
  }
}
