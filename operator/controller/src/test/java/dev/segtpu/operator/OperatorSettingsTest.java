package dev.segtpu.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.segtpu.api.TpuGeneration;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperatorSettingsTest {

  @Test
  void defaultsAreProductionSettings() {
    OperatorSettings settings = OperatorSettings.parse(new String[0], Map.of("POD_NAMESPACE", "segtpu-system", "POD_NAME", "op-0"));
    assertThat(settings.namespaces()).isEmpty();
    assertThat(settings.leaderElection()).isTrue();
    assertThat(settings.leaseNamespace()).isEqualTo("segtpu-system");
    assertThat(settings.identity()).isEqualTo("op-0");
    assertThat(settings.statusPollInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(settings.metricsPort()).isEqualTo(8080);
    assertThat(settings.spotGraceSeconds()).isEqualTo(30);
    assertThat(settings.onDemandGraceSeconds()).isEqualTo(120);
    assertThat(settings.exitOnLostLease()).isTrue();
    assertThat(settings.allowedHostPathPrefixes()).as("a hostPath volume gives the job's image the node's files").isEmpty();
    assertThat(settings.hostPathPolicy().allows("/var/segtpu/checkpoints")).isFalse();
  }

  @Test
  void flagsWinOverEnvironmentVariables() {
    OperatorSettings settings = OperatorSettings.parse(
        new String[] {"--namespaces=a,b", "--status-poll-interval=5s", "--accelerator-labels=v3=tpu-v3-device"},
        Map.of("SEGTPU_NAMESPACES", "c", "SEGTPU_TRAINER_IMAGE", "example.com/trainer:2", "SEGTPU_LEADER_ELECTION", "false"));
    assertThat(settings.namespaces()).containsExactly("a", "b");
    assertThat(settings.trainerImage()).isEqualTo("example.com/trainer:2");
    assertThat(settings.leaderElection()).isFalse();
    assertThat(settings.statusPollInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(settings.acceleratorLabels()).containsEntry(TpuGeneration.V3, "tpu-v3-device");
  }

  @Test
  void badValuesAreRefusedNamingTheSetting() {
    assertThatThrownBy(() -> OperatorSettings.parse(new String[] {"--status-poll-interval=soon"}, Map.of()))
        .hasMessageContaining("--status-poll-interval");
    assertThatThrownBy(() -> OperatorSettings.parse(new String[] {"--no-such=1"}, Map.of()))
        .hasMessageContaining("unknown setting --no-such");
    assertThatThrownBy(() -> OperatorSettings.parse(new String[] {"--leader-election=maybe"}, Map.of()))
        .hasMessageContaining("true or false");
  }

  @Test
  void usageListsEverySettingWithItsEnvironmentVariable() {
    assertThat(OperatorSettings.usage()).contains("--namespaces", "SEGTPU_NAMESPACES", "--trainer-image", "--metrics-port",
        "SEGTPU_LEADER_ELECTION");
  }
}
