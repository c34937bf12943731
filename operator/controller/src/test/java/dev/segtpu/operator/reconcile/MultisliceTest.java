package dev.segtpu.operator.reconcile;

import static dev.segtpu.operator.testing.OperatorHarness.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.segtpu.api.FailurePolicySpec;
import dev.segtpu.api.Phase;
import dev.segtpu.api.Provisioning;
import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.api.TpuGeneration;
import dev.segtpu.contract.TrainerContract;
import dev.segtpu.operator.testing.Jobs;
import dev.segtpu.operator.testing.OperatorHarness;
import dev.segtpu.operator.testing.PodStates;
import dev.segtpu.operator.testing.WithOperator;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A job of several slices against the API server: one attempt of every host of every slice, one headless
 * Service, and any slice's ending ending (and restarting) them all.
 */
class MultisliceTest extends WithOperator {

  /** Two slices of v5e 4x4 (four hosts each): eight workers. */
  SegmentationTrainingJob twoSlices(String name) {
    SegmentationTrainingJob job = Jobs.job(name, NAMESPACE, TpuGeneration.V5E, "4x4", Provisioning.SPOT);
    job.getSpec().tpu.slices = 2;
    return job;
  }

  void runEveryWorker(String name, int attempt, int workers) {
    for (int worker = 0; worker < workers; worker++) {
      String node = name + "-a" + attempt + "-node-" + worker;
      if (cluster.client.nodes().withName(node).get() == null) {
        cluster.client.nodes().resource(new NodeBuilder().withNewMetadata().withName(node).endMetadata().withNewSpec().endSpec().build())
            .create();
      }
      cluster.setPod(name + "-a" + attempt + "-w" + worker, PodStates.running(node, "10.0." + attempt + "." + worker));
    }
  }

  @Test
  void aJobOfTwoSlicesCreatesEveryHostOfBothSlicesWithTheirEnvironmentAndOneService() {
    cluster.create(twoSlices("ms"));

    List<Pod> pods = cluster.awaitGang("ms", 1, 8);

    assertThat(pods).extracting(p -> p.getMetadata().getName())
        .containsExactlyInAnyOrder("ms-a1-w0", "ms-a1-w1", "ms-a1-w2", "ms-a1-w3", "ms-a1-w4", "ms-a1-w5", "ms-a1-w6", "ms-a1-w7");
    for (Pod pod : pods) {
      int worker = Integer.parseInt(pod.getMetadata().getLabels().get("segtpu.dev/worker"));
      assertThat(GangLifecycleTest.env(pod, TrainerContract.WORKER_ID)).isEqualTo(String.valueOf(worker));
      assertThat(GangLifecycleTest.env(pod, TrainerContract.WORKER_COUNT)).isEqualTo("8");
      assertThat(GangLifecycleTest.env(pod, TrainerContract.TPU_WORKER_ID)).isEqualTo(String.valueOf(worker % 4));
      assertThat(GangLifecycleTest.env(pod, TrainerContract.MEGASCALE_SLICE_ID)).isEqualTo(String.valueOf(worker / 4));
      assertThat(GangLifecycleTest.env(pod, TrainerContract.MEGASCALE_COORDINATOR_ADDRESS)).isEqualTo("worker-0.ms-workers:8080");
      assertThat(pod.getMetadata().getLabels()).containsEntry("segtpu.dev/slice", String.valueOf(worker / 4));
    }
    assertThat(cluster.client.services().inNamespace(NAMESPACE).list().getItems()).singleElement()
        .satisfies(service -> assertThat(service.getMetadata().getName()).isEqualTo("ms-workers"));
    assertThat(cluster.awaitPhase("ms", Phase.Scheduling).getStatus().tpu).isEqualTo("2 × v5e 4x4 spot");

    runEveryWorker("ms", 1, 8);
    cluster.awaitPhase("ms", Phase.Running);
  }

  @Test
  void twoSingleHostSlicesGetTheHeadlessServiceTheirPeersResolveThrough() {
    SegmentationTrainingJob job = Jobs.job("pair", NAMESPACE, TpuGeneration.V5E, "1x1", Provisioning.SPOT);
    job.getSpec().tpu.slices = 2;
    cluster.create(job);

    List<Pod> pods = cluster.awaitGang("pair", 1, 2);

    Service service = cluster.client.services().inNamespace(NAMESPACE).withName("pair-workers").get();
    assertThat(service).isNotNull();
    assertThat(service.getSpec().getClusterIP()).isEqualTo("None");
    assertThat(pods).extracting(p -> GangLifecycleTest.env(p, TrainerContract.PEER_HOSTNAMES))
        .containsOnly("worker-0.pair-workers,worker-1.pair-workers");
  }

  @Test
  void losingOneSliceRestartsEverySliceFromTheCheckpointAsOneAttemptAndNamesTheSlice() {
    cluster.create(twoSlices("lost"));
    cluster.awaitGang("lost", 1, 8);
    runEveryWorker("lost", 1, 8);
    cluster.awaitPhase("lost", Phase.Running);
    Set<String> first = cluster.podNames("lost");

    cluster.setPod("lost-a1-w6", PodStates.disrupted("TerminationByKubelet"));  // host 2 of slice 1

    List<Pod> second = cluster.awaitGang("lost", 2, 8);
    assertThat(second).extracting(p -> p.getMetadata().getName()).doesNotContainAnyElementsOf(first);
    assertThat(second).extracting(PreemptionTest::attemptEnv).containsOnly("2");
    SegmentationTrainingJob job = cluster.job("lost");
    assertThat(job.getStatus().preemptions).isEqualTo(1);
    assertThat(job.getStatus().failuresOrZero()).isZero();
    assertThat(job.getStatus().lastEnding.worker).isEqualTo(6);
    assertThat(job.getStatus().lastEnding.message).startsWith("slice 1 of 2 lost: ");
    assertThat(cluster.events("lost")).extracting(Event::getMessage)
        .anySatisfy(message -> assertThat(message).contains("slice 1 of 2 lost: "));
    assertThat(cluster.eventReasons("lost")).containsSubsequence("Started", "Preempted", "Restarted");
  }

  @Test
  void aTrainerFailureOnOneSliceFailsTheAttemptOfBothAndSaysWhichSlice() {
    SegmentationTrainingJob job = twoSlices("crash");
    job.getSpec().failurePolicy = new FailurePolicySpec();
    job.getSpec().failurePolicy.backoffLimit = 0;
    cluster.create(job);
    cluster.awaitGang("crash", 1, 8);
    runEveryWorker("crash", 1, 8);
    cluster.awaitPhase("crash", Phase.Running);

    cluster.setPod("crash-a1-w1", PodStates.exited(1, "Error"));  // host 1 of slice 0

    SegmentationTrainingJob failed = cluster.awaitPhase("crash", Phase.Failed);
    assertThat(failed.getStatus().lastEnding.message).startsWith("slice 0 of 2: ");
    assertThat(failed.getStatus().failures).isEqualTo(1);
    await("every pod of both slices is stopped").atMost(OperatorHarness.WAIT).until(() -> cluster.pods("crash").stream()
        .allMatch(p -> p.getMetadata().getDeletionTimestamp() != null));
  }

  @Test
  void aSliceThatFindsNoNodesFailsTheJobSayingHowManySlicesItNeeds() {
    cluster.create(twoSlices("nofit"));
    cluster.awaitGang("nofit", 1, 8);

    cluster.setPod("nofit-a1-w5", PodStates.unschedulable(Instant.now().minus(Duration.ofHours(1))));

    SegmentationTrainingJob failed = cluster.awaitPhase("nofit", Phase.Failed);
    assertThat(failed.getStatus().lastEnding.reason).isEqualTo("Unschedulable");
    assertThat(failed.getStatus().lastEnding.message).startsWith("slice 1 of 2: ")
        .contains("for 2 slices at once (spec.tpu.slices)");
  }
}
