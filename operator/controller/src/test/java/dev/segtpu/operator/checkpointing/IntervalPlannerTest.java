package dev.segtpu.operator.checkpointing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.segtpu.api.Provisioning;
import dev.segtpu.operator.figures.cost.ChipSeconds;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class IntervalPlannerTest {

  private static final CheckpointInterval AUTO = new CheckpointInterval.Auto();
  private final IntervalPlanner planner = IntervalPlanner.defaults();

  @Test
  void withoutHistoryTheMeanTimeBetweenPreemptionsIsThePrior() {
    PreemptionPrior prior = new PreemptionPrior(Duration.ofHours(6), 1);

    assertThat(prior.blend(PreemptionHistory.none())).isEqualTo(6 * 3600.0);
  }

  @Test
  void theJobsOwnHistoryOutweighsThePriorAsPreemptionsAccumulate() {
    PreemptionPrior prior = new PreemptionPrior(Duration.ofHours(6), 1);
    // 20 preemptions in 20 hours of exposure: the truth is ~1 h.
    double blended = prior.blend(new PreemptionHistory(20 * 3600, 20));

    assertThat(blended).isCloseTo((6 + 20) * 3600.0 / 21, within(1e-6));
    assertThat(blended / 3600).isLessThan(1.3);
  }

  @Test
  void autoGivesTheTrainerDalysOptimumInSecondsFromTheMeasuredSaveTime() {
    // 5 min saves, history pointing at 6 h between preemptions (3 in 18 h, prior 6 h): Daly's 57 min example.
    PlannedInterval planned = planner.plan(AUTO, Provisioning.SPOT, new PreemptionHistory(18 * 3600, 3), OptionalDouble.of(300));

    assertThat(planned.seconds()).isCloseTo(57 * 60, within(30.0));
    assertThat(planned.trainerValue()).matches("[0-9]+s").isEqualTo(Math.round(planned.seconds()) + "s");
    assertThat(planned.reason()).contains("measured").contains("6.00 h");
  }

  @Test
  void beforeAnyCheckpointTheAssumedSaveTimeIsUsed() {
    PlannedInterval planned = planner.plan(AUTO, Provisioning.SPOT, PreemptionHistory.none(), OptionalDouble.empty());

    assertThat(planned.seconds()).isCloseTo(YoungDaly.daly(60, 6 * 3600), within(0.5));
    assertThat(planned.reason()).contains("assumed");
  }

  @Test
  void theOptimumIsClampedToThePlannersBounds() {
    // on demand: prior 30 days, Daly would give about 5 h
    PlannedInterval planned = planner.plan(AUTO, Provisioning.ON_DEMAND, PreemptionHistory.none(), OptionalDouble.of(60));

    assertThat(planned.trainerValue()).isEqualTo("7200s");
    assertThat(planned.reason()).contains("clamped");
  }

  @Test
  void fixedIntervalsPassThroughInTheTrainersForm() {
    assertThat(planner.plan(CheckpointInterval.parse("10m"), Provisioning.SPOT, PreemptionHistory.none(), OptionalDouble.empty())
        .trainerValue()).isEqualTo("600s");
    assertThat(planner.plan(CheckpointInterval.parse("2000steps"), Provisioning.SPOT, PreemptionHistory.none(), OptionalDouble.empty())
        .trainerValue()).isEqualTo("2000steps");
  }

  @Test
  void historyForReclaimableCapacityCountsSpotAndPreemptibleTimeOnly() {
    // 8-chip slice: 10 h on Spot, then 2 h on demand after a fallback; 4 preemptions.
    ChipSeconds held = new ChipSeconds(Map.of(Provisioning.SPOT, 8 * 36000.0, Provisioning.ON_DEMAND, 8 * 7200.0));

    assertThat(PreemptionHistory.of(held, 8, Provisioning.SPOT, 4)).isEqualTo(new PreemptionHistory(36000, 4));
    assertThat(PreemptionHistory.of(held, 8, Provisioning.ON_DEMAND, 4)).isEqualTo(new PreemptionHistory(7200, 0));
  }
}
