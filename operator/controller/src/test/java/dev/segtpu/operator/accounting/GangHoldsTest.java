package dev.segtpu.operator.accounting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segtpu.api.Provisioning;
import dev.segtpu.operator.cost.TpuHold;
import dev.segtpu.operator.gang.GangView;
import dev.segtpu.operator.gang.WorkerState;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GangHoldsTest {

  private static final Instant SCHEDULED = Instant.parse("2026-11-28T09:00:00Z");
  private final GangHolds holds = new GangHolds();

  @Test
  void aWorkerWhosePodVanishedWithItsNodeIsBilledUntilTheOperatorNoticed() {
    Instant noticed = SCHEDULED.plusSeconds(600);
    holds.observe("ml/voc", gang(1, running(0), running(1)), 4, Provisioning.SPOT, SCHEDULED.plusSeconds(300));

    List<TpuHold> after = holds.observe("ml/voc", gang(1, running(0), WorkerState.missing(1)), 4, Provisioning.SPOT, noticed);

    assertThat(after).hasSize(2);
    assertThat(after).filteredOn(TpuHold::released).singleElement()
        .satisfies(hold -> assertThat(hold.chipSeconds(noticed.plusSeconds(999)).total()).isEqualTo(4 * 600.0));
  }

  @Test
  void aNewAttemptStartsWithNoHoldsOfThePreviousOne() {
    holds.observe("ml/voc", gang(1, running(0)), 4, Provisioning.SPOT, SCHEDULED.plusSeconds(60));

    assertThat(holds.observe("ml/voc", gang(2, WorkerState.missing(0)), 4, Provisioning.SPOT, SCHEDULED.plusSeconds(120))).isEmpty();
  }

  private static GangView gang(int attempt, WorkerState... workers) {
    return new GangView(attempt, attempt - 1, attempt, List.of(workers), List.of(), Optional.empty(), Optional.empty());
  }

  private static WorkerState running(int worker) {
    Pod pod = new PodBuilder().withNewMetadata().withName("voc-a1-w" + worker).endMetadata()
        .withNewStatus().withPhase("Running")
        .addNewCondition().withType("PodScheduled").withStatus("True").withLastTransitionTime(SCHEDULED.toString()).endCondition()
        .endStatus().build();
    return new WorkerState(worker, pod, WorkerState.State.RUNNING, null, null);
  }
}
