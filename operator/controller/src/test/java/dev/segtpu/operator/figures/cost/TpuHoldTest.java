package dev.segtpu.operator.figures.cost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segtpu.api.Provisioning;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TpuHoldTest {

  @Test
  void aPodHoldsItsChipsFromThePodScheduledConditionUntilItsContainersTerminate() {
    Pod pod = pod("2026-11-28T10:00:00Z", "2026-11-28T10:30:00Z");

    TpuHold hold = TpuHold.ofPod(pod, 4, Provisioning.SPOT).orElseThrow();

    assertThat(hold.heldSince()).isEqualTo(Instant.parse("2026-11-28T10:00:00Z"));
    assertThat(hold.released()).isTrue();
    assertThat(hold.chipSeconds(Instant.parse("2026-11-28T12:00:00Z")).of(Provisioning.SPOT)).isEqualTo(4 * 1800.0);
  }

  @Test
  void aRunningPodIsChargedUpToNow() {
    TpuHold hold = TpuHold.ofPod(pod("2026-11-28T10:00:00Z", null), 4, Provisioning.ON_DEMAND).orElseThrow();

    assertThat(hold.released()).isFalse();
    assertThat(hold.chipSeconds(Instant.parse("2026-11-28T10:01:00Z")).total()).isEqualTo(240.0);
    assertThat(hold.releasedAt(Instant.parse("2026-11-28T10:00:30Z")).chipSeconds(Instant.MAX).total()).isEqualTo(120.0);
  }

  @Test
  void anUnscheduledPodHoldsNothing() {
    Pod pending = new PodBuilder().withNewStatus().addNewCondition().withType("PodScheduled").withStatus("False")
        .withReason("Unschedulable").endCondition().endStatus().build();

    assertThat(TpuHold.ofPod(pending, 4, Provisioning.SPOT)).isEmpty();
  }

  private static Pod pod(String scheduled, String finished) {
    PodBuilder builder = new PodBuilder().withNewStatus()
        .addNewCondition().withType("PodScheduled").withStatus("True").withLastTransitionTime(scheduled).endCondition()
        .endStatus();
    if (finished == null) {
      return builder.editStatus().addNewContainerStatus().withName("trainer").withNewState().withNewRunning()
          .withStartedAt(scheduled).endRunning().endState().endContainerStatus().endStatus().build();
    }
    return builder.editStatus().addNewContainerStatus().withName("trainer").withNewState().withNewTerminated()
        .withExitCode(42).withFinishedAt(finished).endTerminated().endState().endContainerStatus().endStatus().build();
  }
}
