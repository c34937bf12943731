package dev.segtpu.operator.checkpointing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.segtpu.operator.checkpointing.PreemptionSimulation.IntervalPolicy;
import dev.segtpu.operator.checkpointing.PreemptionSimulation.Outcome;
import dev.segtpu.operator.checkpointing.PreemptionSimulation.Scenario;
import org.junit.jupiter.api.Test;

/** The simulation behind IntervalBenchmark must agree with the closed-form model it claims to simulate. */
class PreemptionSimulationTest {

  private final Scenario hourly = new Scenario("test", 8 * 3600, 3600, 60, 120);

  @Test
  void simulatedGoodputOfAFixedIntervalMatchesTheClosedFormExpectation() {
    double interval = 900;

    double simulated = PreemptionSimulation.meanGoodput(hourly, IntervalPolicy.fixed(interval), 2000);

    assertThat(simulated).isCloseTo(PreemptionSimulation.expectedGoodput(hourly, interval), within(0.01));
  }

  @Test
  void withoutPreemptionsTheOnlyBadputIsTheRestartAndTheSaves() {
    Scenario never = new Scenario("no preemptions", 3600, 1e15, 10, 100);

    Outcome outcome = PreemptionSimulation.run(never, IntervalPolicy.fixed(600), 1);

    assertThat(outcome.preemptions()).isZero();
    assertThat(outcome.wallSeconds()).isCloseTo(100 + 3600 + 6 * 10, within(1e-6));
  }

  @Test
  void theTheoreticalOptimumIsCloseToDalysIntervalWhenSavesAreCheapRelativeToTheMean() {
    assertThat(PreemptionSimulation.optimalInterval(hourly) / YoungDaly.daly(60, 3600)).isCloseTo(1.0, within(0.05));
  }

  @Test
  void theSamePreemptionScheduleIsReplayedForEveryPolicy() {
    Outcome first = PreemptionSimulation.run(hourly, IntervalPolicy.fixed(900), 7);
    Outcome again = PreemptionSimulation.run(hourly, IntervalPolicy.fixed(900), 7);

    assertThat(again).isEqualTo(first);
  }
}
