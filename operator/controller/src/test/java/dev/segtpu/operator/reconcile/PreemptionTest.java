package dev.segtpu.operator.reconcile;

import static dev.segtpu.operator.testing.OperatorHarness.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.segtpu.api.FailurePolicySpec;
import dev.segtpu.api.Phase;
import dev.segtpu.api.PreemptionSpec;
import dev.segtpu.api.Provisioning;
import dev.segtpu.api.ProvisioningRung;
import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.api.TpuGeneration;
import dev.segtpu.contract.TrainerContract;
import dev.segtpu.operator.testing.Jobs;
import dev.segtpu.operator.testing.OperatorHarness;
import dev.segtpu.operator.testing.PodStates;
import dev.segtpu.operator.testing.WithOperator;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Losing a worker to the cloud: the gang restarts whole, from the next attempt, without burning the failure budget. */
class PreemptionTest extends WithOperator {

  /** A four-host Spot job with every worker running on its own node. */
  void runningGang(String name, SegmentationTrainingJob job) {
    cluster.create(job);
    cluster.awaitGang(name, 1, 4);
    for (int worker = 0; worker < 4; worker++) {
      String node = name + "-node-" + worker;
      if (cluster.client.nodes().withName(node).get() == null) {
        cluster.client.nodes().resource(new NodeBuilder().withNewMetadata().withName(node).endMetadata().withNewSpec().endSpec().build()).create();
      }
      cluster.setPod(name + "-a1-w" + worker, PodStates.running(node, "10.0.1." + worker));
    }
    cluster.awaitPhase(name, Phase.Running);
  }

  SegmentationTrainingJob fourHostSpotJob(String name) {
    SegmentationTrainingJob job = Jobs.job(name, NAMESPACE, TpuGeneration.V5E, "4x4", Provisioning.SPOT);
    job.getSpec().failurePolicy = new FailurePolicySpec();
    job.getSpec().failurePolicy.backoffLimit = 0;
    return job;
  }

  static String attemptEnv(Pod pod) {
    return pod.getSpec().getContainers().get(0).getEnv().stream().filter(e -> e.getName().equals(TrainerContract.ATTEMPT))
        .map(EnvVar::getValue).findFirst().orElseThrow();
  }

  @Test
  void oneWorkersDisruptionRestartsTheWholeGangAsTheNextAttempt() {
    runningGang("gang", fourHostSpotJob("gang"));
    Set<String> firstGang = cluster.podNames("gang");

    cluster.setPod("gang-a1-w2", PodStates.disrupted("TerminationByKubelet"));

    List<Pod> second = cluster.awaitGang("gang", 2, 4);
    assertThat(second).extracting(p -> p.getMetadata().getName()).doesNotContainAnyElementsOf(firstGang);
    assertThat(second).extracting(PreemptionTest::attemptEnv).containsOnly("2");
    SegmentationTrainingJob job = cluster.job("gang");
    assertThat(job.getStatus().attempt).isEqualTo(2);
    assertThat(job.getStatus().preemptions).isEqualTo(1);
    assertThat(job.getStatus().failuresOrZero()).isZero();
    assertThat(job.getStatus().lastEnding.kind).isEqualTo("Preempted");
    assertThat(job.getStatus().lastEnding.reason).isEqualTo("TerminationByKubelet");
    assertThat(job.getStatus().lastEnding.worker).isEqualTo(2);
    assertThat(cluster.eventReasons("gang")).containsSubsequence("Started", "Preempted", "Restarted");
  }

  static Stream<Arguments> preemptions() {
    return Stream.of(
        Arguments.of("PreemptionByScheduler", "DisruptionTarget PreemptionByScheduler"),
        Arguments.of("DeletionByTaintManager", "DisruptionTarget DeletionByTaintManager"),
        Arguments.of("EvictionByEvictionAPI", "DisruptionTarget EvictionByEvictionAPI"),
        Arguments.of("DeletionByPodGC", "DisruptionTarget DeletionByPodGC"),
        Arguments.of("Terminated", "node shutdown without the condition"),
        Arguments.of("CheckpointedOnSigterm", "trainer checkpointed on SIGTERM (exit 42)"),
        Arguments.of("TerminatedDuringNodeDrain", "SIGTERM exit while the node drains"),
        Arguments.of("NodeLost", "the node object is deleted"),
        Arguments.of("WorkerPodMissing", "the pod is deleted by someone else"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("preemptions")
  void everyKindOfPreemptionRestartsWithoutCountingAFailure(String reason, String description) {
    runningGang("spot", fourHostSpotJob("spot"));
    String pod = "spot-a1-w1";
    String node = "spot-node-1";
    switch (reason) {
      case "Terminated" -> cluster.setPod(pod, PodStates.failedByNode("Terminated",
          "Pod was terminated in response to imminent node shutdown."));
      case "CheckpointedOnSigterm" -> cluster.setPod(pod, PodStates.exited(42, "Error"));
      case "TerminatedDuringNodeDrain" -> {
        cluster.client.nodes().withName(node).edit(n -> {
          n.getSpec().setUnschedulable(true);
          return n;
        });
        await().pollDelay(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> true);
        cluster.setPod(pod, PodStates.exited(143, "Error"));
      }
      case "NodeLost" -> cluster.client.nodes().withName(node).delete();
      case "WorkerPodMissing" -> cluster.client.pods().inNamespace(NAMESPACE).withName(pod).delete();
      default -> cluster.setPod(pod, PodStates.disrupted(reason));
    }

    cluster.awaitGang("spot", 2, 4);
    SegmentationTrainingJob job = cluster.job("spot");
    assertThat(job.getStatus().preemptions).isEqualTo(1);
    assertThat(job.getStatus().failuresOrZero()).isZero();
    assertThat(job.getStatus().lastEnding.reason).isEqualTo(reason);
  }

  @Test
  void noPodOfTheNextAttemptExistsWhileAPodOfThePreviousOneIsStillThere() {
    runningGang("fence", fourHostSpotJob("fence"));
    // A worker whose node does not confirm its end: the pod stays (terminating) until the finalizer goes.
    cluster.client.pods().inNamespace(NAMESPACE).withName("fence-a1-w3").edit(p -> {
      p.getMetadata().setFinalizers(List.of("test.segtpu.dev/hold"));
      return p;
    });

    cluster.setPod("fence-a1-w0", PodStates.disrupted("TerminationByKubelet"));

    await().atMost(OperatorHarness.WAIT).until(() -> cluster.pods("fence").size() == 1);
    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
        .until(() -> cluster.pods("fence", 2).isEmpty());
    assertThat(cluster.job("fence").getStatus().phase).isEqualTo(Phase.Restarting);

    cluster.client.pods().inNamespace(NAMESPACE).withName("fence-a1-w3").edit(p -> {
      p.getMetadata().setFinalizers(List.of());
      return p;
    });

    cluster.awaitGang("fence", 2, 4);
    assertThat(cluster.job("fence").getStatus().preemptions).isEqualTo(1);
  }

  @Test
  void preemptionsNeverConsumeTheFailureBudget() {
    runningGang("budget", fourHostSpotJob("budget"));
    for (int attempt = 1; attempt <= 3; attempt++) {
      cluster.setPod("budget-a" + attempt + "-w0", PodStates.disrupted("TerminationByKubelet"));
      cluster.awaitGang("budget", attempt + 1, 4);
    }
    SegmentationTrainingJob job = cluster.job("budget");
    assertThat(job.getStatus().preemptions).isEqualTo(3);
    assertThat(job.getStatus().failuresOrZero()).isZero();
    assertThat(job.getStatus().phase).isNotEqualTo(Phase.Failed);
  }

  @Test
  void tooManyPreemptionsFailTheJobWhenALimitIsSet() {
    SegmentationTrainingJob spec = fourHostSpotJob("limit");
    spec.getSpec().preemption = new PreemptionSpec();
    spec.getSpec().preemption.maxPreemptions = 1;
    runningGang("limit", spec);
    cluster.setPod("limit-a1-w0", PodStates.disrupted("TerminationByKubelet"));
    cluster.awaitGang("limit", 2, 4);
    cluster.setGang("limit", 2, PodStates.running("limit-node-0", "10.0.2.1"));
    cluster.awaitPhase("limit", Phase.Running);

    cluster.setPod("limit-a2-w1", PodStates.disrupted("TerminationByKubelet"));

    SegmentationTrainingJob failed = cluster.awaitPhase("limit", Phase.Failed);
    assertThat(failed.getStatus().conditions).anySatisfy(c -> {
      assertThat(c.getType()).isEqualTo("Failed");
      assertThat(c.getReason()).isEqualTo("TooManyPreemptions");
      assertThat(c.getMessage()).contains("spec.preemption.maxPreemptions");
    });
    await().atMost(OperatorHarness.WAIT).until(() -> cluster.pods("limit").isEmpty());
  }

  @Test
  void afterNPreemptionsTheJobFallsBackFromSpotToOnDemand() {
    SegmentationTrainingJob spec = fourHostSpotJob("fallback");
    spec.getSpec().preemption = new PreemptionSpec();
    spec.getSpec().preemption.fallbackToOnDemandAfter = 2;
    runningGang("fallback", spec);

    cluster.setPod("fallback-a1-w0", PodStates.disrupted("TerminationByKubelet"));
    List<Pod> second = cluster.awaitGang("fallback", 2, 4);
    assertThat(second.get(0).getSpec().getNodeSelector()).containsEntry("cloud.google.com/gke-spot", "true");

    cluster.setPod("fallback-a2-w0", PodStates.disrupted("TerminationByKubelet"));
    List<Pod> third = cluster.awaitGang("fallback", 3, 4);

    assertThat(third).allSatisfy(pod -> {
      assertThat(pod.getSpec().getNodeSelector()).doesNotContainKey("cloud.google.com/gke-spot");
      assertThat(pod.getSpec().getTolerations()).noneMatch(t -> "cloud.google.com/gke-spot".equals(t.getKey()));
      assertThat(pod.getSpec().getTerminationGracePeriodSeconds()).isEqualTo(120L);
    });
    SegmentationTrainingJob job = cluster.job("fallback");
    assertThat(job.getStatus().tpu).isEqualTo("v5e 4x4 on-demand");
    assertThat(job.getStatus().provisioning).isEqualTo(Provisioning.ON_DEMAND);
    assertThat(cluster.eventReasons("fallback")).contains("ProvisioningChanged");
    assertThat(job.getStatus().rung.index).isEqualTo(1);
    assertThat(job.getStatus().rung.reason).contains("2 preemptions on spot capacity")
        .contains("spec.preemption.fallbackToOnDemandAfter=2");
  }

  @Test
  void aLadderMovesTheJobRungByRungCountingEachRungsOwnPreemptions() {
    SegmentationTrainingJob spec = fourHostSpotJob("ladder");
    spec.getSpec().provisioningLadder = List.of(new ProvisioningRung(Provisioning.FLEX_START, 1, null),
        new ProvisioningRung(Provisioning.ON_DEMAND, 2, null));
    runningGang("ladder", spec);
    assertThat(cluster.job("ladder").getStatus().rung.index).isZero();
    assertThat(cluster.job("ladder").getStatus().rung.of).isEqualTo(3);

    cluster.setPod("ladder-a1-w0", PodStates.disrupted("TerminationByKubelet"));
    List<Pod> flex = cluster.awaitGang("ladder", 2, 4);
    assertThat(flex.get(0).getSpec().getNodeSelector()).containsEntry("cloud.google.com/gke-flex-start", "true")
        .doesNotContainKey("cloud.google.com/gke-spot");
    assertThat(cluster.job("ladder").getStatus().tpu).isEqualTo("v5e 4x4 flex-start");

    cluster.setGang("ladder", 2, PodStates.running("n1", "10.0.0.1"));
    cluster.setPod("ladder-a2-w0", PodStates.disrupted("TerminationByKubelet"));
    List<Pod> stillFlex = cluster.awaitGang("ladder", 3, 4);
    assertThat(stillFlex.get(0).getSpec().getNodeSelector()).as("one preemption on flex-start is not two")
        .containsEntry("cloud.google.com/gke-flex-start", "true");

    cluster.setGang("ladder", 3, PodStates.running("n1", "10.0.0.1"));
    cluster.setPod("ladder-a3-w0", PodStates.disrupted("TerminationByKubelet"));
    List<Pod> onDemand = cluster.awaitGang("ladder", 4, 4);
    assertThat(onDemand.get(0).getSpec().getNodeSelector()).doesNotContainKey("cloud.google.com/gke-flex-start");
    SegmentationTrainingJob job = cluster.job("ladder");
    assertThat(job.getStatus().rung.index).isEqualTo(2);
    assertThat(job.getStatus().rung.preemptionsAtEntry).isEqualTo(3);
    assertThat(job.getStatus().rung.reason).contains("2 preemptions on flex-start capacity")
        .contains("spec.provisioningLadder[1].afterPreemptions=2");
    assertThat(cluster.eventReasons("ladder").stream().filter("ProvisioningChanged"::equals)).hasSize(2);
  }

  @Test
  void aWorkerWaitingForCapacityLongerThanTheNextRungAllowsMovesTheJobThereWithoutCountingAnything() {
    SegmentationTrainingJob spec = fourHostSpotJob("waiting");
    spec.getSpec().provisioningLadder = List.of(new ProvisioningRung(Provisioning.ON_DEMAND, null, 60));
    cluster.create(spec);
    cluster.awaitGang("waiting", 1, 4);
    cluster.setPod("waiting-a1-w0", PodStates.unschedulable(java.time.Instant.now().minusSeconds(61)));

    List<Pod> onDemand = cluster.awaitGang("waiting", 2, 4);

    assertThat(onDemand.get(0).getSpec().getNodeSelector()).doesNotContainKey("cloud.google.com/gke-spot");
    SegmentationTrainingJob job = cluster.job("waiting");
    assertThat(job.getStatus().preemptionsOrZero()).isZero();
    assertThat(job.getStatus().failuresOrZero()).isZero();
    assertThat(job.getStatus().rung.reason).contains("found no TPU node for 60 s")
        .contains("spec.provisioningLadder[0].afterUnschedulableSeconds=60");
    assertThat(job.getStatus().lastEnding.kind).isEqualTo("NoCapacity");
  }
}
