package dev.segtpu.operator.figures.accounting;

import dev.segtpu.api.SegmentationTrainingJobSpec;
import dev.segtpu.api.SegmentationTrainingJobStatus;
import dev.segtpu.api.SegmentationTrainingJobStatus.EstimateStatus;
import dev.segtpu.operator.figures.cost.TrainingPace;
import dev.segtpu.operator.plan.Calibration;
import dev.segtpu.operator.plan.PlanOption;
import dev.segtpu.operator.plan.Planner;
import dev.segtpu.operator.plan.Workload;
import dev.segtpu.operator.status.StatusCopy;
import dev.segtpu.tpu.TpuSlices;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * {@code status.estimate}: the planner's figures for the job's own slices and mode, written once at
 * admission (the first valid reconciliation) so what was promised stays comparable with what happens,
 * and the finish projected from the measured throughput on every reconciliation after it. The same
 * {@link Planner} as {@code segtpu plan}, so the CLI and the status agree.
 */
final class JobEstimate {

  private final Planner planner;
  private final Supplier<Calibration> measured;

  JobEstimate(Planner planner) {
    this(planner, Calibration::empty);
  }

  /** @param measured what finished jobs measured, read at each admission */
  JobEstimate(Planner planner, Supplier<Calibration> measured) {
    this.planner = planner;
    this.measured = measured;
  }

  /** The estimate to record: the admission figures kept (or made now), the projection refreshed. */
  EstimateStatus of(SegmentationTrainingJobSpec spec, TpuSlices slices, SegmentationTrainingJobStatus decided, Instant now) {
    EstimateStatus estimate = decided.estimate == null ? admission(spec, slices, now) : StatusCopy.of(decided.estimate);
    if (decided.phaseOrPending().finished()) {
      if (decided.completionTime != null) {
        estimate.projectedFinishTime = decided.completionTime;
        estimate.projectedBasis = "finished: the job's completion time";
      }
      return estimate;
    }
    TrainingPace pace = JobCost.pace(spec, decided, slices);
    if (pace.measured()) {
      double remaining = pace.remainingSteps() / pace.stepsPerSecond();
      // Preemptions still to come on the remaining work; the job has already paid its first start.
      double preemptions = Math.max(0, planner.preemption().of(pace.provisioning(), remaining).extraSeconds()
          - planner.preemption().restartSeconds());
      estimate.projectedFinishTime = now.plusMillis(Math.round((remaining + preemptions) * 1000)).toString();
      estimate.projectedBasis = String.format(Locale.ROOT,
          "%d steps left at the measured %.3f steps/s, plus %.0f s expected preemption overhead (%s)",
          pace.remainingSteps(), pace.stepsPerSecond(), preemptions, pace.provisioning().value());
    }
    return estimate;
  }

  private EstimateStatus admission(SegmentationTrainingJobSpec spec, TpuSlices slices, Instant now) {
    EstimateStatus estimate = new EstimateStatus();
    estimate.admittedTime = now.toString();
    Workload workload;
    try {
      workload = Workload.of(spec);
    } catch (IllegalArgumentException e) {
      estimate.basis = "no estimate: " + e.getMessage();
      return estimate;
    }
    PlanOption option = planner.calibratedBy(measured.get()).option(workload, slices.shape(), slices.count(), spec.tpu.provisioning);
    estimate.durationSeconds = Math.round(option.wallSeconds() * 10) / 10.0;
    estimate.costUSD = option.costUSD().isPresent() ? Math.round(option.costUSD().getAsDouble() * 100) / 100.0 : null;
    estimate.finishTime = now.plusMillis(Math.round(option.wallSeconds() * 1000)).toString();
    estimate.basis = String.format(Locale.ROOT, "planner: %s at %.1f images/s (%s: %s); %s; prices %s%s",
        option.describe(), option.throughput().imagesPerSecond(), option.throughput().confidence().label(),
        option.throughput().basis(), option.preemption().basis(), planner.priceTable(),
        option.costUSD().isPresent() ? "" : " (no list price for " + slices.shape().generation().value() + ")");
    return estimate;
  }
}
