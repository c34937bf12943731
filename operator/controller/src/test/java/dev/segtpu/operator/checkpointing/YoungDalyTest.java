package dev.segtpu.operator.checkpointing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Daly's worked examples (δ = 5 min), as quoted in shared/reference/gke-tpu.md. Units: minutes. */
class YoungDalyTest {

  @Test
  void dalyGives117MinutesForAMeanOf24Hours() {
    assertThat(YoungDaly.daly(5, 24 * 60)).isCloseTo(117, within(0.5));
  }

  @Test
  void dalyGives57MinutesForAMeanOf6Hours() {
    assertThat(YoungDaly.daly(5, 6 * 60)).isCloseTo(57, within(0.5));
  }

  @Test
  void dalyGives9Point1MinutesForAMeanOf15Minutes() {
    assertThat(YoungDaly.daly(5, 15)).isCloseTo(9.1, within(0.05));
  }

  @Test
  void youngIsTheSquareRootOfTwiceCostTimesMean() {
    assertThat(YoungDaly.young(5, 24 * 60)).isCloseTo(120, within(1e-9));
  }

  @Test
  void dalyFallsBackToTheMeanWhenACheckpointCostsTwiceTheMeanOrMore() {
    assertThat(YoungDaly.daly(40, 20)).isEqualTo(20);
  }

  @Test
  void nonPositiveInputsAreRejected() {
    assertThatThrownBy(() -> YoungDaly.daly(0, 60)).isInstanceOf(IllegalArgumentException.class);
  }
}
