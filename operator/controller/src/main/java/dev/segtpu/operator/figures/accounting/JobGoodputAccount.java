package dev.segtpu.operator.figures.accounting;

import dev.segtpu.api.SegmentationTrainingJobStatus.GoodputStatus;
import dev.segtpu.operator.figures.cost.LostProgress;
import dev.segtpu.operator.figures.cost.TpuHold;
import dev.segtpu.operator.figures.goodput.AttemptTimeline;
import dev.segtpu.operator.figures.goodput.GoodputBreakdown;
import dev.segtpu.operator.figures.goodput.JobGoodput;
import dev.segtpu.operator.figures.goodput.TrainerTime;
import dev.segtpu.operator.status.StatusCopy;
import java.time.Instant;
import java.util.Collection;

/**
 * A job's goodput: closed attempts from the status plus the active attempt's split, from its gang's
 * timeline and the trainer's own productive and badput seconds.
 */
final class JobGoodputAccount {

  /**
   * The goodput to record. Starts from (a copy of) the decided status's goodput, so fields the split
   * does not write keep their values.
   *
   * @param teardownSeconds how long ended attempts' nodes stayed held after the stop, released now
   */
  GoodputStatus split(AttemptFacts attempt, Collection<TpuHold> gang, LostProgress lost, double teardownSeconds) {
    JobGoodput goodput = JobGoodput.fromStatus(attempt.previous().goodput).withTeardown(teardownSeconds);
    Instant requestedAt = attempt.attemptRequestedAt();
    if (attempt.active() && requestedAt != null) {
      TrainerTime trainer = attempt.report()
          .map(r -> TrainerTime.fromStatus(r.productiveSeconds(), r.badputSeconds()))
          .orElse(TrainerTime.none());
      GoodputBreakdown split = attempt.hung()
          // a hang books its lost steps with the stall, not as a disruption
          ? GoodputBreakdown.ofAttempt(AttemptTimeline.ofGang(requestedAt, gang, attempt.slices().workers()), trainer,
              LostProgress.none(), attempt.now()).withHang(attempt.hungSeconds(), lost)
          : GoodputBreakdown.ofAttempt(AttemptTimeline.ofGang(requestedAt, gang, attempt.slices().workers()), trainer, lost,
              attempt.now());
      goodput = attempt.endedNow() ? goodput.closeAttempt(split) : goodput.withRunningAttempt(split);
    }
    GoodputStatus status = attempt.next().goodput == null ? new GoodputStatus() : StatusCopy.of(attempt.next().goodput);
    goodput.writeTo(status);
    return status;
  }
}
