package dev.segtpu.operator.hang;

import dev.segtpu.api.SegmentationTrainingJobStatus.StepWatchStatus;
import dev.segtpu.operator.status.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the hang detector remembers of one attempt's trainer: the step and phase it last reported and
 * since when both are unchanged. Kept in {@code status.stepWatch}, so an operator restart neither forgets
 * a stall nor restarts its clock.
 */
public record StepWatch(int attempt, long step, String phase, Instant since) {

  public StepWatch {
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(since, "since");
  }

  /** The watch a status holds; empty when it holds none or an unreadable one. */
  public static Optional<StepWatch> fromStatus(StepWatchStatus status) {
    if (status == null || status.attempt == null || status.step == null || status.phase == null) {
      return Optional.empty();
    }
    Instant since = Timestamps.parseOrNull(status.since);
    return since == null ? Optional.empty() : Optional.of(new StepWatch(status.attempt, status.step, status.phase, since));
  }

  public StepWatchStatus toStatus() {
    StepWatchStatus status = new StepWatchStatus();
    status.attempt = attempt;
    status.step = step;
    status.phase = phase;
    status.since = since.toString();
    return status;
  }

  /** Whether the trainer reported the same step in the same phase of the same attempt. */
  boolean unchanged(int attempt, long step, String phase) {
    return this.attempt == attempt && this.step == step && this.phase.equals(phase);
  }

  /** Time since the step or phase last changed. */
  public Duration stalledFor(Instant now) {
    Duration stalled = Duration.between(since, now);
    return stalled.isNegative() ? Duration.ZERO : stalled;
  }
}
