package dev.segtpu.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TrainerIntervalTest {

  @Test
  void theTwoFormsReadBackAsWritten() {
    assertThat(TrainerInterval.parse("500steps")).isEqualTo(TrainerInterval.everySteps(500));
    assertThat(TrainerInterval.parse("600s")).isEqualTo(TrainerInterval.every(Duration.ofMinutes(10)));
    assertThat(TrainerInterval.parse(TrainerInterval.every(Duration.ofHours(2)).toString()).time()).isEqualTo(Duration.ofHours(2));
  }

  @Test
  void onlyTheContractsSpellingIsAccepted() {
    for (String text : new String[] {"10m", "auto", "0steps", " 5s", "5 s", "-3s", "steps", "99999999999999999999s"}) {
      assertThatThrownBy(() -> TrainerInterval.parse(text)).as(text).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void aStepIntervalIsDueAfterItsStepsAndATimeIntervalAfterItsTime() {
    assertThat(TrainerInterval.everySteps(10).due(9, Duration.ofHours(1))).isFalse();
    assertThat(TrainerInterval.everySteps(10).due(10, Duration.ZERO)).isTrue();
    assertThat(TrainerInterval.every(Duration.ofSeconds(30)).due(1000, Duration.ofSeconds(29))).isFalse();
    assertThat(TrainerInterval.every(Duration.ofSeconds(30)).due(0, Duration.ofSeconds(30))).isTrue();
  }
}
