package dev.segtpu.operator.checkpointing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CheckpointIntervalTest {

  @Test
  void autoAndUnsetMeanTheAdaptiveInterval() {
    assertThat(CheckpointInterval.parse("auto")).isInstanceOf(CheckpointInterval.Auto.class);
    assertThat(CheckpointInterval.parse(null)).isInstanceOf(CheckpointInterval.Auto.class);
  }

  @Test
  void durationsInSecondsMinutesAndHoursAreParsed() {
    assertThat(CheckpointInterval.parse("30s")).isEqualTo(new CheckpointInterval.Every(Duration.ofSeconds(30)));
    assertThat(CheckpointInterval.parse("10m")).isEqualTo(new CheckpointInterval.Every(Duration.ofMinutes(10)));
    assertThat(CheckpointInterval.parse("2h")).isEqualTo(new CheckpointInterval.Every(Duration.ofHours(2)));
  }

  @Test
  void stepCountsAreParsed() {
    assertThat(CheckpointInterval.parse("2000steps")).isEqualTo(new CheckpointInterval.EverySteps(2000));
  }

  @Test
  void anInvalidValueIsRejectedNamingTheFieldAndTheValidForms() {
    assertThatThrownBy(() -> CheckpointInterval.parse("10 minutes"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("spec.checkpoint.interval")
        .hasMessageContaining("2000steps");
    assertThatThrownBy(() -> CheckpointInterval.parse("0s")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theParserAcceptsWhatTheSchemaAcceptsAndNoMoreDigits() {
    assertThat(CheckpointInterval.parse("999999999h")).isEqualTo(new CheckpointInterval.Every(Duration.ofHours(999_999_999)));
    assertThat(CheckpointInterval.parse("9999999999steps")).isEqualTo(new CheckpointInterval.EverySteps(9_999_999_999L));
    assertThatThrownBy(() -> CheckpointInterval.parse("1000000000m")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CheckpointInterval.parse("10000000000steps")).isInstanceOf(IllegalArgumentException.class);
  }
}
