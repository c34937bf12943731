package dev.segtpu.operator.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.segtpu.api.Architecture;
import dev.segtpu.api.Backbone;
import dev.segtpu.api.TpuGeneration;
import java.time.Duration;
import java.util.OptionalDouble;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The planner's own output against the source post (shared/seed/cloud-tpu-segmentation-blog.txt): DeepLab
 * v3+ on a v2-8 in about 8 h for under $40 (under $15 preemptible), Mask R-CNN overnight on a v2-8 for
 * under $50 (under $20 preemptible), v3 about 1.7x faster, 1/16 of a v3 Pod through 48 epochs in under
 * two hours. The workloads are the reference schedules (shared/reference/reference-models.md).
 */
class PlannerTest {

  static final double HOUR = 3600;
  static final Workload DEEPLAB = new Workload(Architecture.DEEPLAB_V3_PLUS, Backbone.RESNET_101, 513, 64, 20_000L * 64,
      OptionalDouble.of(10_582));
  static final Workload MASK_RCNN_12_EPOCHS = new Workload(Architecture.MASK_RCNN, Backbone.RESNET_50, 1024, 64,
      22_500L * 64, OptionalDouble.of(118_287));

  final Planner planner = Planner.defaults();

  Plan onV2AndV3(Workload workload) {
    return planner.plan(PlanRequest.of(workload).withGenerations(Set.of(TpuGeneration.V2, TpuGeneration.V3)));
  }

  @Test
  void thePlanReproducesTheSourcePostsDeepLabTimeAndCostClaims() {
    Plan plan = onV2AndV3(DEEPLAB);
    PlanOption onDemand = plan.option("v2-8", "on-demand").orElseThrow();
    PlanOption preemptible = plan.option("v2-8", "preemptible").orElseThrow();

    assertThat(onDemand.trainSeconds() / HOUR).isCloseTo(8, within(1e-9));
    assertThat(onDemand.wallSeconds() / HOUR).isBetween(8.0, 8.25);
    assertThat(onDemand.costUSD().getAsDouble()).isBetween(36.0, 40.0);
    assertThat(preemptible.wallSeconds()).isGreaterThan(onDemand.wallSeconds());
    assertThat(preemptible.costUSD().getAsDouble()).isBetween(10.8, 15.0);
  }

  @Test
  void thePlanReproducesTheSourcePostsMaskRcnnCostClaimsForAnOvernightRun() {
    Plan plan = onV2AndV3(MASK_RCNN_12_EPOCHS);
    PlanOption onDemand = plan.option("v2-8", "on-demand").orElseThrow();

    assertThat(onDemand.wallSeconds() / HOUR).isBetween(10.0, 10.25);
    assertThat(onDemand.costUSD().getAsDouble()).isBetween(45.0, 50.0);
    assertThat(plan.option("v2-8", "preemptible").orElseThrow().costUSD().getAsDouble()).isBetween(13.5, 20.0);
    assertThat(plan.expectedAccuracy()).hasValueSatisfying(a -> assertThat(a).contains("37 box AP").contains("not measured by segtpu"));
  }

  @Test
  void aV3_8TrainsBothModels1_7TimesFasterThanAV2_8AndStaysUnderThePostsPrices() {
    for (Workload workload : new Workload[] {DEEPLAB, MASK_RCNN_12_EPOCHS}) {
      Plan plan = onV2AndV3(workload);
      PlanOption v2 = plan.option("v2-8", "on-demand").orElseThrow();
      PlanOption v3 = plan.option("v3-8", "on-demand").orElseThrow();

      assertThat(v2.trainSeconds() / v3.trainSeconds()).isCloseTo(1.7, within(1e-9));
      assertThat(v3.throughput().confidence()).isEqualTo(Confidence.PUBLISHED_RATIO);
      assertThat(v3.costUSD().getAsDouble()).isLessThan(workload == DEEPLAB ? 40 : 50);
      assertThat(plan.option("v3-8", "preemptible").orElseThrow().costUSD().getAsDouble()).isLessThan(workload == DEEPLAB ? 15 : 20);
    }
  }

  @Test
  void aSixteenthOfAV3PodTrainsMaskRcnnFor48EpochsInUnderTwoHours() {
    Workload epochs48 = new Workload(Architecture.MASK_RCNN, Backbone.RESNET_50, 1024, 64, 48L * 118_287,
        OptionalDouble.of(118_287));
    PlanOption sixteenth = onV2AndV3(epochs48).option("v3-128", "on-demand").orElseThrow();

    assertThat(sixteenth.slice().chips()).isEqualTo(64);
    assertThat(sixteenth.wallSeconds() / HOUR).isLessThan(2);
  }

  @Test
  void theCheapestAndFastestComeFromTheRowsAndTheDeadlineExcludesSlowerCheaperOnes() {
    Plan open = planner.plan(PlanRequest.of(DEEPLAB));
    double cheapestCost = open.options().stream().filter(o -> o.costUSD().isPresent())
        .mapToDouble(o -> o.costUSD().getAsDouble()).min().orElseThrow();
    assertThat(open.cheapest().costUSD().getAsDouble()).isEqualTo(cheapestCost);
    assertThat(open.fastest().wallSeconds()).isEqualTo(open.options().stream().mapToDouble(PlanOption::wallSeconds).min().orElseThrow());
    assertThat(open.options()).allMatch(PlanOption::schedulable);

    Duration deadline = Duration.ofSeconds(Math.round(open.cheapest().wallSeconds() / 2));
    Plan hurried = planner.plan(PlanRequest.of(DEEPLAB).withDeadline(deadline));
    assertThat(hurried.cheapest().wallSeconds()).isLessThanOrEqualTo(deadline.toSeconds());
    assertThat(hurried.cheapest().costUSD().getAsDouble()).isGreaterThanOrEqualTo(cheapestCost);
  }

  @Test
  void spotRowsCarryAnExpectedPreemptionOverheadAndOnDemandRowsAlmostNoneBeyondTheStart() {
    Plan plan = planner.plan(PlanRequest.of(DEEPLAB).withGenerations(Set.of(TpuGeneration.V5E)));
    PlanOption spot = plan.option("v5e-1", "spot").orElseThrow();
    PlanOption onDemand = plan.option("v5e-1", "on-demand").orElseThrow();
    double start = PreemptionOverhead.defaults().restartSeconds();

    double spotShare = (spot.preemptionSeconds() - start) / spot.trainSeconds();
    double onDemandShare = (onDemand.preemptionSeconds() - start) / onDemand.trainSeconds();
    assertThat(spotShare).isBetween(0.05, 0.5);
    assertThat(onDemandShare).isPositive().isLessThan(spotShare / 5);
    assertThat(spot.preemption().basis()).contains("spot prior");
  }

  @Test
  void aDeadlineNoOptionMeetsIsAnErrorNamingTheFastest() {
    assertThatThrownBy(() -> planner.plan(PlanRequest.of(DEEPLAB).withDeadline(Duration.ofSeconds(1))))
        .isInstanceOf(PlanError.class)
        .hasMessageContaining("no configuration finishes within the deadline of 1s; the fastest,");
  }

  @Test
  void aBatchNoSliceCanSplitIsAnErrorNamingTheBatchSize() {
    Workload tiny = new Workload(Architecture.DEEPLAB_V3_PLUS, Backbone.RESNET_101, 513, 2, 1000, OptionalDouble.empty());
    assertThatThrownBy(() -> planner.plan(PlanRequest.of(tiny).withGenerations(Set.of(TpuGeneration.V5P))))
        .isInstanceOf(PlanError.class)
        .hasMessageContaining("no slice of v5p can take spec.training.batchSize 2");
  }

  @Test
  void theBudgetMarksRowsThatCostMore() {
    Plan plan = planner.plan(PlanRequest.of(DEEPLAB).withBudget(20));
    assertThat(plan.options()).anyMatch(plan::overBudget).anyMatch(o -> !plan.overBudget(o));
    assertThat(plan.options()).filteredOn(plan::overBudget).allMatch(o -> o.costUSD().getAsDouble() > 20);
  }
}
