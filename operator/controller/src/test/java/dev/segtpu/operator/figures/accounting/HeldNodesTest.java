package dev.segtpu.operator.figures.accounting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segtpu.api.Provisioning;
import dev.segtpu.api.SegmentationTrainingJobStatus.CostStatus;
import dev.segtpu.operator.figures.cost.TpuHold;
import dev.segtpu.operator.workload.GangNames;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HeldNodesTest {

  private static final Instant SCHEDULED = Instant.parse("2026-11-28T09:00:00Z");
  private static final int CHIPS = 4;

  @Test
  void aWorkerWhosePodVanishedWithItsNodeIsBilledUntilTheOperatorNoticed() {
    Instant noticed = SCHEDULED.plusSeconds(600);
    var before = settle(List.of(), List.of(running(1, 0), running(1, 1)), 1, SCHEDULED.plusSeconds(300));

    var after = settle(before.open(), List.of(running(1, 0)), 1, noticed);

    assertThat(after.open()).hasSize(2);
    assertThat(after.openHolds()).filteredOn(TpuHold::released).singleElement()
        .satisfies(hold -> assertThat(hold.chipSeconds(noticed.plusSeconds(999)).total()).isEqualTo(CHIPS * 600.0));
    assertThat(after.settled()).isEmpty();
  }

  @Test
  void aStoppedAttemptIsBilledUntilItsWorkersHaveWrittenTheirCheckpointAndEnded() {
    Instant stopped = SCHEDULED.plusSeconds(900);
    var running = settle(List.of(), List.of(running(1, 0)), 1, stopped);

    var draining = settle(running.open(), List.of(running(1, 0)), 0, stopped.plusSeconds(10));
    assertThat(draining.settled()).isEmpty();
    assertThat(draining.openHolds()).singleElement().satisfies(hold -> assertThat(hold.released()).isFalse());

    Instant exited = stopped.plusSeconds(25);
    var released = settle(draining.open(), List.of(exited(running(1, 0), exited)), 0, stopped.plusSeconds(40));
    assertThat(released.open()).isEmpty();
    assertThat(released.settledHolds(false)).singleElement()
        .satisfies(hold -> assertThat(hold.chipSeconds(stopped.plusSeconds(999)).total()).isEqualTo(CHIPS * 925.0));
    assertThat(draining.gangsReleased()).isEmpty();
    assertThat(released.gangsReleased()).containsExactly(java.util.Map.entry(1, exited));
  }

  @Test
  void whatTheStatusRemembersBillsAWorkerThatVanishedWhileNoOperatorWatched() {
    var running = settle(List.of(), List.of(running(1, 0)), 1, SCHEDULED.plusSeconds(60));
    CostStatus written = new CostStatus();
    written.heldNodes = running.toStatus();

    Instant restartedAt = SCHEDULED.plusSeconds(3600);
    var afterRestart = settle(HeldNodes.fromStatus(written), List.of(), 0, restartedAt);

    assertThat(afterRestart.open()).isEmpty();
    assertThat(afterRestart.settledHolds(false)).singleElement()
        .satisfies(hold -> assertThat(hold.chipSeconds(restartedAt).total()).isEqualTo(CHIPS * 3600.0));
  }

  @Test
  void aReclaimedAttemptStaysMarkedUntilItsNodesAreSettled() {
    var reclaimed = HeldNodes.settle(List.of(), new HeldNodes.Observation(List.of(running(2, 0)), CHIPS, Provisioning.SPOT,
        0, Optional.of(2), SCHEDULED.plusSeconds(30)));
    CostStatus written = new CostStatus();
    written.heldNodes = reclaimed.toStatus();

    var gone = settle(HeldNodes.fromStatus(written), List.of(), 0, SCHEDULED.plusSeconds(45));

    assertThat(gone.settledHolds(true)).hasSize(1);
    assertThat(gone.settledHolds(false)).isEmpty();
  }

  @Test
  void aPodNotYetOnANodeHoldsNothingAndTheRecordedProvisioningIsUsed() {
    Pod waiting = new PodBuilder(running(3, 1)).editStatus().withConditions(List.of()).endStatus().build();
    Pod onDemand = new PodBuilder(running(3, 0)).editMetadata()
        .addToAnnotations(GangNames.PROVISIONING_ANNOTATION, "on-demand").endMetadata().build();

    var held = settle(List.of(), List.of(waiting, onDemand), 3, SCHEDULED.plusSeconds(30));

    assertThat(held.open()).singleElement().satisfies(node -> {
      assertThat(node.worker()).isZero();
      assertThat(node.hold().provisioning()).isEqualTo(Provisioning.ON_DEMAND);
    });
  }

  private static HeldNodes.Settlement settle(List<HeldNode> known, List<Pod> pods, int runningAttempt, Instant now) {
    return HeldNodes.settle(known, new HeldNodes.Observation(pods, CHIPS, Provisioning.SPOT, runningAttempt, Optional.empty(), now));
  }

  private static Pod running(int attempt, int worker) {
    return new PodBuilder().withNewMetadata().withName("voc-a" + attempt + "-w" + worker)
        .addToLabels(GangNames.ATTEMPT_LABEL, String.valueOf(attempt))
        .addToLabels(GangNames.WORKER_LABEL, String.valueOf(worker)).endMetadata()
        .withNewStatus().withPhase("Running")
        .addNewCondition().withType("PodScheduled").withStatus("True").withLastTransitionTime(SCHEDULED.toString()).endCondition()
        .endStatus().build();
  }

  private static Pod exited(Pod pod, Instant finishedAt) {
    return new PodBuilder(pod).editStatus().withPhase("Failed").addNewContainerStatus().withName("trainer")
        .withNewState().withNewTerminated().withExitCode(42).withFinishedAt(finishedAt.toString()).endTerminated().endState()
        .endContainerStatus().endStatus().build();
  }
}
