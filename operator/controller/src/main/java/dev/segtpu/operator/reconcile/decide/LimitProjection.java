package dev.segtpu.operator.reconcile.decide;

import dev.segtpu.api.SegmentationTrainingJobSpec;
import dev.segtpu.api.SegmentationTrainingJobStatus;
import dev.segtpu.operator.status.Conditions;
import dev.segtpu.operator.status.JobEvent;
import dev.segtpu.operator.status.Timestamps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code ProjectedOverLimit} condition: whether the job, at the pace it goes, will cross
 * {@code spec.budget.maxCostUSD} or {@code spec.activeDeadlineSeconds}. The stop rules act when a limit
 * is hit; this says so as soon as the projection does, while there is still time to change the job.
 * Until the trainer measures throughput it judges the admission estimate; after, the projection from the
 * measured pace ({@code cost.projectedUSD}, {@code estimate.projectedFinishTime}).
 */
final class LimitProjection {

  static final String CONDITION = "ProjectedOverLimit";

  private LimitProjection() {}

  /** Sets the condition on {@code next} when the job has a limit and a figure to judge; an event when it turns True. */
  static Optional<JobEvent> apply(SegmentationTrainingJobSpec spec, SegmentationTrainingJobStatus next, Instant now) {
    if (next.phaseOrPending().finished() || next.estimate == null) {
      return Optional.empty();
    }
    List<String> crossed = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    boolean judged = false;
    Double max = spec.budget == null ? null : spec.budget.maxCostUSD;
    boolean measured = next.cost != null && next.cost.projectedUSD != null;
    Double cost = measured ? next.cost.projectedUSD : next.estimate.costUSD;
    if (max != null && cost != null) {
      judged = true;
      if (cost > max) {
        reasons.add("ProjectedOverBudget");
        crossed.add(String.format(java.util.Locale.ROOT, "%s cost %s USD exceeds spec.budget.maxCostUSD %s USD",
            measured ? "projected" : "estimated", StopRules.usd(cost), StopRules.usd(max)));
      }
    }
    boolean measuredFinish = next.estimate.projectedFinishTime != null;
    Instant finish = Timestamps.parseOrNull(measuredFinish ? next.estimate.projectedFinishTime : next.estimate.finishTime);
    // Before the first start the deadline is not running yet: judge it from admission.
    Instant admitted = Timestamps.parseOrNull(next.estimate.admittedTime);
    Instant deadline = StopRules.deadline(spec, next).orElse(spec.activeDeadlineSeconds == null || admitted == null ? null
        : admitted.plusSeconds(spec.activeDeadlineSeconds));
    if (deadline != null && finish != null) {
      judged = true;
      if (finish.isAfter(deadline)) {
        reasons.add("ProjectedPastDeadline");
        crossed.add((measuredFinish ? "projected" : "estimated") + " finish " + finish + " is after the spec.activeDeadlineSeconds limit " + deadline);
      }
    }
    if (!judged) {
      return Optional.empty();
    }
    boolean over = !crossed.isEmpty();
    String message = over ? String.join("; ", crossed) : "the " + (measured || measuredFinish ? "projection" : "estimate") + " stays within the budget and the deadline";
    boolean flipped = Conditions.set(next.conditions, CONDITION, over, over ? String.join(",", reasons) : "WithinLimits", message,
        next.observedGeneration, now);
    return over && flipped ? Optional.of(JobEvent.warning(CONDITION, message + "; change the job or its limits before it is stopped"))
        : Optional.empty();
  }
}
