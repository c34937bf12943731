package dev.segtpu.operator.reconcile.decide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segtpu.api.BudgetSpec;
import dev.segtpu.api.Phase;
import dev.segtpu.api.Provisioning;
import dev.segtpu.api.SegmentationTrainingJobSpec;
import dev.segtpu.api.SegmentationTrainingJobStatus;
import dev.segtpu.api.TpuGeneration;
import dev.segtpu.operator.status.Conditions;
import dev.segtpu.operator.testing.Jobs;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The ProjectedOverLimit condition, raised from the estimate or the measured projection before a limit is hit. */
class LimitProjectionTest {

  static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

  final SegmentationTrainingJobSpec spec = Jobs.spec(TpuGeneration.V5E, "2x4", Provisioning.SPOT);

  SegmentationTrainingJobStatus running(double estimatedUSD, String estimatedFinish) {
    SegmentationTrainingJobStatus status = new SegmentationTrainingJobStatus();
    status.phase = Phase.Running;
    status.startTime = "2026-12-01T08:00:00Z";
    status.estimate = new SegmentationTrainingJobStatus.EstimateStatus();
    status.estimate.admittedTime = "2026-12-01T07:59:00Z";
    status.estimate.costUSD = estimatedUSD;
    status.estimate.finishTime = estimatedFinish;
    return status;
  }

  void budget(double usd) {
    spec.budget = new BudgetSpec();
    spec.budget.maxCostUSD = usd;
  }

  @Test
  void anEstimateOverTheBudgetRaisesTheConditionAndOneWarningLongBeforeAnyMoneyIsSpent() {
    budget(10);
    SegmentationTrainingJobStatus status = running(25, "2026-12-01T12:00:00Z");

    assertThat(LimitProjection.apply(spec, status, NOW)).hasValueSatisfying(e -> assertThat(e.message())
        .startsWith("estimated cost 25.00 USD exceeds spec.budget.maxCostUSD 10.00 USD"));
    assertThat(Conditions.find(status.conditions, "ProjectedOverLimit").orElseThrow().getReason()).isEqualTo("ProjectedOverBudget");
    assertThat(LimitProjection.apply(spec, status, NOW)).isEmpty(); // still True: no second event
  }

  @Test
  void theMeasuredProjectionReplacesTheEstimateAndClearsTheCondition() {
    budget(10);
    SegmentationTrainingJobStatus status = running(25, "2026-12-01T12:00:00Z");
    LimitProjection.apply(spec, status, NOW);
    status.cost = new SegmentationTrainingJobStatus.CostStatus();
    status.cost.projectedUSD = 8.0;

    assertThat(LimitProjection.apply(spec, status, NOW)).isEmpty();
    assertThat(Conditions.find(status.conditions, "ProjectedOverLimit").orElseThrow().getStatus()).isEqualTo("False");
    assertThat(Conditions.find(status.conditions, "ProjectedOverLimit").orElseThrow().getMessage())
        .isEqualTo("the projection stays within the budget and the deadline");
  }

  @Test
  void aProjectedFinishAfterTheActiveDeadlineRaisesTheCondition() {
    spec.activeDeadlineSeconds = 4 * 3600L; // from the first start at 08:00: until 12:00
    SegmentationTrainingJobStatus status = running(1, "2026-12-01T11:00:00Z");
    status.estimate.projectedFinishTime = "2026-12-01T13:30:00Z";

    assertThat(LimitProjection.apply(spec, status, NOW)).isPresent();
    assertThat(Conditions.find(status.conditions, "ProjectedOverLimit").orElseThrow().getReason()).isEqualTo("ProjectedPastDeadline");
    assertThat(Conditions.find(status.conditions, "ProjectedOverLimit").orElseThrow().getMessage())
        .isEqualTo("projected finish 2026-12-01T13:30:00Z is after the spec.activeDeadlineSeconds limit 2026-12-01T12:00:00Z");
  }

  @Test
  void aJobWithoutLimitsGetsNoCondition() {
    SegmentationTrainingJobStatus status = running(25, "2026-12-01T12:00:00Z");

    assertThat(LimitProjection.apply(spec, status, NOW)).isEmpty();
    assertThat(status.conditions).isEmpty();
  }
}
