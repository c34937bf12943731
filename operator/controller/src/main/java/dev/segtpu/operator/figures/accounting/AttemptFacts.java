package dev.segtpu.operator.figures.accounting;

import dev.segtpu.api.Provisioning;
import dev.segtpu.api.SegmentationTrainingJobSpec;
import dev.segtpu.api.SegmentationTrainingJobStatus;
import dev.segtpu.contract.StatusDocument;
import dev.segtpu.operator.figures.cost.LostProgress;
import dev.segtpu.operator.gang.EndingKind;
import dev.segtpu.operator.hang.HangDetector;
import dev.segtpu.operator.hang.StepWatch;
import dev.segtpu.operator.reconcile.decide.Figures;
import dev.segtpu.operator.status.Timestamps;
import dev.segtpu.tpu.TpuSlices;
import java.time.Instant;
import java.util.Optional;

/** What one reconciliation tells the accounts about the current attempt. */
record AttemptFacts(SegmentationTrainingJobSpec spec, TpuSlices slices, Optional<StatusDocument> report,
                    SegmentationTrainingJobStatus previous, SegmentationTrainingJobStatus next, Instant now,
                    boolean active, boolean endedNow) {

  static AttemptFacts of(Figures.Input in) {
    boolean active = in.gang().active();
    return new AttemptFacts(in.spec(), in.slices(), in.report(), in.previous(), in.decided(), in.now(), active,
        active && in.decided().endedAttemptOrZero() >= in.gang().attempt());
  }

  /** The cloud took the gang (not a failure, a stop or a success). */
  boolean preempted() {
    return endedNow && next.lastEnding != null && EndingKind.PREEMPTED.value().equals(next.lastEnding.kind);
  }

  /** The operator ended the attempt because its step counter stood still (spec.failurePolicy.hangDetection). */
  boolean hung() {
    return endedNow && next.lastEnding != null && EndingKind.TRAINER_FAILED.value().equals(next.lastEnding.kind)
        && HangDetector.REASON.equals(next.lastEnding.reason);
  }

  /** Seconds the hung attempt's step counter stood still, up to now (the decision to restart it). */
  double hungSeconds() {
    return StepWatch.fromStatus(next.stepWatch).map(w -> w.stalledFor(now).toMillis() / 1000.0).orElse(0.0);
  }

  /** The mode the active gang's nodes were bought with: a fallback decided now applies to the next attempt only. */
  Provisioning heldProvisioning() {
    return previous.provisioning != null ? previous.provisioning
        : next.provisioning != null ? next.provisioning : spec.tpu.provisioning;
  }

  /** Steps since the newest checkpoint, recomputed by the next attempt when the gang was preempted or hung. */
  LostProgress lostProgress() {
    if (!(preempted() || hung()) || next.progress == null || next.progress.step == null) {
      return LostProgress.none();
    }
    long checkpoint = next.lastCheckpoint != null && next.lastCheckpoint.step != null ? next.lastCheckpoint.step : 0;
    return LostProgress.since(checkpoint, next.progress.step, JobCost.stepsPerSecond(next, spec.training.batchSize));
  }

  /** When the attempt's pods were asked for; null before the first attempt. */
  Instant attemptRequestedAt() {
    return Timestamps.parseOrNull(next.attemptStartTime);
  }
}
