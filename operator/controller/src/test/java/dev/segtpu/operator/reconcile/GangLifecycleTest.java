package dev.segtpu.operator.reconcile;

import static dev.segtpu.operator.testing.OperatorHarness.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.segtpu.api.Phase;
import dev.segtpu.api.Provisioning;
import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.api.TpuGeneration;
import dev.segtpu.contract.TrainerContract;
import dev.segtpu.operator.status.Conditions;
import dev.segtpu.operator.testing.Jobs;
import dev.segtpu.operator.testing.OperatorHarness;
import dev.segtpu.operator.testing.PodStates;
import dev.segtpu.operator.testing.WithOperator;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceList;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A job's normal life against the API server: pods, service, phases, conditions, events. */
class GangLifecycleTest extends WithOperator {

  static String env(Pod pod, String name) {
    return pod.getSpec().getContainers().get(0).getEnv().stream().filter(e -> e.getName().equals(name))
        .map(EnvVar::getValue).findFirst().orElse(null);
  }

  @Test
  void aSingleHostJobRunsToSuccess() {
    cluster.create(Jobs.job("seg", NAMESPACE));

    List<Pod> pods = cluster.awaitGang("seg", 1, 1);
    assertThat(pods.get(0).getMetadata().getName()).isEqualTo("seg-a1-w0");
    assertThat(env(pods.get(0), TrainerContract.ATTEMPT)).isEqualTo("1");
    SegmentationTrainingJob scheduling = cluster.awaitPhase("seg", Phase.Scheduling);
    assertThat(scheduling.getStatus().tpu).isEqualTo("v5e 2x4 spot");
    assertThat(scheduling.getStatus().observedGeneration).isEqualTo(scheduling.getMetadata().getGeneration());
    assertThat(Conditions.isTrue(scheduling.getStatus().conditions, Conditions.VALID)).isTrue();
    assertThat(cluster.client.services().inNamespace(NAMESPACE).list().getItems()).isEmpty();

    cluster.setPod("seg-a1-w0", PodStates.running("node-1", "10.0.0.1"));
    SegmentationTrainingJob running = cluster.awaitPhase("seg", Phase.Running);
    assertThat(running.getStatus().attempt).isEqualTo(1);
    assertThat(Conditions.isTrue(running.getStatus().conditions, Conditions.RUNNING)).isTrue();

    cluster.setPod("seg-a1-w0", PodStates.exited(0, "Completed"));
    SegmentationTrainingJob done = cluster.awaitPhase("seg", Phase.Succeeded);
    assertThat(done.getStatus().completionTime).isNotNull();
    assertThat(done.getStatus().preemptionsOrZero()).isZero();
    assertThat(done.getStatus().failuresOrZero()).isZero();
    assertThat(Conditions.isTrue(done.getStatus().conditions, Conditions.SUCCEEDED)).isTrue();
    assertThat(cluster.eventReasons("seg")).containsSubsequence("Scheduled", "Started", "Succeeded")
        .doesNotContain("SpecChangeRejected");
    assertThat(cluster.pods("seg")).hasSize(1);
  }

  @Test
  void aMultiHostJobGetsOnePodPerHostAndAHeadlessService() {
    cluster.create(Jobs.job("big", NAMESPACE, TpuGeneration.V5E, "4x4", Provisioning.ON_DEMAND));

    List<Pod> pods = cluster.awaitGang("big", 1, 4);
    assertThat(pods).extracting(p -> p.getMetadata().getName()).containsExactly("big-a1-w0", "big-a1-w1", "big-a1-w2", "big-a1-w3");
    assertThat(pods).extracting(p -> p.getSpec().getSubdomain()).containsOnly("big-workers");
    assertThat(env(pods.get(2), TrainerContract.TPU_WORKER_ID)).isEqualTo("2");
    Service service = cluster.client.services().inNamespace(NAMESPACE).withName("big-workers").get();
    assertThat(service.getSpec().getClusterIP()).isEqualTo("None");

    for (int worker = 0; worker < 3; worker++) {
      cluster.setPod("big-a1-w" + worker, PodStates.running("node-" + worker, "10.0.0." + worker));
    }
    cluster.setPod("big-a1-w3", PodStates.scheduled("node-3"));
    await().atMost(OperatorHarness.WAIT).until(() -> cluster.eventReasons("big").contains("Scheduled"));
    assertThat(cluster.job("big").getStatus().phase).isEqualTo(Phase.Scheduling);

    cluster.setPod("big-a1-w3", PodStates.running("node-3", "10.0.0.3"));
    cluster.awaitPhase("big", Phase.Running);
  }

  @Test
  void aJobSucceedsOnlyWhenEveryWorkerFinished() throws InterruptedException {
    cluster.create(Jobs.job("pair", NAMESPACE, TpuGeneration.V4, "2x2x2", Provisioning.ON_DEMAND));
    cluster.awaitGang("pair", 1, 2);
    cluster.setGang("pair", 1, PodStates.running("node", "10.0.0.9"));
    cluster.awaitPhase("pair", Phase.Running);

    cluster.setPod("pair-a1-w1", PodStates.exited(0, "Completed"));
    Thread.sleep(500);
    assertThat(cluster.job("pair").getStatus().phase).isEqualTo(Phase.Running);

    cluster.setPod("pair-a1-w0", PodStates.exited(0, "Completed"));
    cluster.awaitPhase("pair", Phase.Succeeded);
  }

  @Test
  void aRunningJobIsLookedAtAgainOnTheProgressInterval() {
    cluster.create(Jobs.job("tick", NAMESPACE));
    cluster.awaitGang("tick", 1, 1);
    cluster.setPod("tick-a1-w0", PodStates.running("node-1", "10.0.0.1"));
    cluster.awaitPhase("tick", Phase.Running);
    // Nothing changes in the cluster, yet the job is reconciled (the status poll hook runs): the
    // status write happens once, then the job stays quiet instead of rewriting itself.
    String version = cluster.job("tick").getMetadata().getResourceVersion();
    await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(3))
        .until(() -> cluster.job("tick").getMetadata().getResourceVersion().equals(version));
  }

  @Test
  void aJobReCreatedUnderTheSameNameTheMomentTheOldOneIsDeletedIsReconciled() {
    for (int round = 0; round < 5; round++) {
      String uid = cluster.create(Jobs.job("again", NAMESPACE)).getMetadata().getUid();
      cluster.awaitGang("again", 1, 1);
      cluster.client.resources(SegmentationTrainingJob.class).inNamespace(NAMESPACE).withName("again").delete();
      await().atMost(OperatorHarness.WAIT).until(() -> cluster.job("again") == null);

      SegmentationTrainingJob recreated = cluster.create(Jobs.job("again", NAMESPACE));

      assertThat(recreated.getMetadata().getUid()).isNotEqualTo(uid);
      await("round " + round + ": the new job is reconciled").atMost(OperatorHarness.WAIT).until(() -> {
        SegmentationTrainingJob job = cluster.job("again");
        return job != null && job.getStatus() != null && job.getStatus().phase != null
            && recreated.getMetadata().getUid().equals(job.getMetadata().getUid());
      });
      cluster.client.resources(SegmentationTrainingJob.class).inNamespace(NAMESPACE).withName("again").delete();
      await().atMost(OperatorHarness.WAIT).until(() -> cluster.job("again") == null && cluster.pods("again").isEmpty());
    }
  }

  /**
   * JOSDK 5.2.3 drops an event that arrives while the reconciler handles a deletion of the same name (it
   * clears the resource's state once that execution ends); the operator re-signals such a re-creation. The
   * old job's clean-up is held in its Service lookup so the new job surely arrives in that window.
   */
  @Test
  void aJobReCreatedWhileTheOperatorStillCleansUpAfterTheOldOneIsReconciled() {
    String uid = cluster.create(Jobs.job("again", NAMESPACE)).getMetadata().getUid();
    cluster.awaitGang("again", 1, 1);
    cluster.server.expect().get().delay(2, TimeUnit.SECONDS)
        .withPath("/api/v1/namespaces/" + NAMESPACE + "/services?labelSelector=segtpu.dev%2Fjob%3Dagain")
        .andReturn(200, new ServiceList()).once();
    cluster.client.resources(SegmentationTrainingJob.class).inNamespace(NAMESPACE).withName("again").delete();
    await().atMost(OperatorHarness.WAIT).until(() -> cluster.job("again") == null);
    await().pollDelay(Duration.ofMillis(300)).until(() -> true);

    SegmentationTrainingJob recreated = cluster.create(Jobs.job("again", NAMESPACE));

    assertThat(recreated.getMetadata().getUid()).isNotEqualTo(uid);
    await("the new job is reconciled").atMost(OperatorHarness.WAIT).until(() -> {
      SegmentationTrainingJob job = cluster.job("again");
      return job != null && job.getStatus() != null && job.getStatus().phase != null
          && recreated.getMetadata().getUid().equals(job.getMetadata().getUid());
    });
  }
}
