package dev.segtpu.operator.reconcile;

import static dev.segtpu.operator.testing.OperatorHarness.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.segtpu.api.BudgetSpec;
import dev.segtpu.api.Phase;
import dev.segtpu.api.PreemptionSpec;
import dev.segtpu.api.Provisioning;
import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.api.SegmentationTrainingJobStatus;
import dev.segtpu.api.TpuGeneration;
import dev.segtpu.operator.reconcile.decide.Figures;
import dev.segtpu.operator.status.Conditions;
import dev.segtpu.operator.testing.Jobs;
import dev.segtpu.operator.testing.OperatorHarness;
import dev.segtpu.operator.testing.PodStates;
import dev.segtpu.operator.workload.GangNames;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSchedulingGate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Suspend and resume, Kueue admission, deadline, TTL, deletion, spec changes and the budget stop. */
class LifecycleControlsTest {

  OperatorHarness cluster;

  @AfterEach
  void stop() {
    cluster.close();
  }

  void run(String name, int attempt, int hosts) {
    cluster.awaitGang(name, attempt, hosts);
    cluster.setGang(name, attempt, PodStates.running("node", "10.0.0.7"));
    cluster.awaitPhase(name, Phase.Running);
  }

  static Condition condition(SegmentationTrainingJob job, String type) {
    return Conditions.find(job.getStatus().conditions, type).orElseThrow();
  }

  @Test
  void suspendTearsTheGangDownAndResumeStartsTheNextAttempt() {
    cluster = OperatorHarness.start();
    cluster.create(Jobs.job("pause", NAMESPACE, TpuGeneration.V5E, "4x4", Provisioning.SPOT));
    run("pause", 1, 4);

    cluster.editJob("pause", j -> {
      j.getSpec().suspend = true;
      return j;
    });

    await().atMost(OperatorHarness.WAIT).until(() -> cluster.pods("pause").isEmpty());
    SegmentationTrainingJob suspended = cluster.awaitPhase("pause", Phase.Suspended);
    assertThat(condition(suspended, "Suspended").getStatus()).isEqualTo("True");
    assertThat(suspended.getStatus().lastEnding.kind).isEqualTo("Stopped");
    assertThat(suspended.getStatus().preemptionsOrZero()).isZero();
    assertThat(suspended.getStatus().failuresOrZero()).isZero();

    cluster.editJob("pause", j -> {
      j.getSpec().suspend = false;
      return j;
    });

    cluster.awaitGang("pause", 2, 4);
    SegmentationTrainingJob resumed = cluster.job("pause");
    assertThat(condition(resumed, "Suspended").getStatus()).isEqualTo("False");
    assertThat(cluster.eventReasons("pause")).containsSubsequence("Suspended", "Resumed", "Restarted");
  }

  @Test
  void aJobCreatedSuspendedCreatesNoPodsUntilResumed() throws InterruptedException {
    cluster = OperatorHarness.start();
    SegmentationTrainingJob job = Jobs.job("later", NAMESPACE);
    job.getSpec().suspend = true;
    cluster.create(job);

    cluster.awaitPhase("later", Phase.Suspended);
    Thread.sleep(300);
    assertThat(cluster.pods("later")).isEmpty();

    cluster.editJob("later", j -> {
      j.getSpec().suspend = false;
      return j;
    });
    cluster.awaitGang("later", 1, 1);
  }

  /**
   * Kueue's pod integration as a cluster with Kueue runs it: the operator labels each attempt's pods as one
   * pod group of the job's queue; Kueue's webhook gates them (played here), the job says it waits, Kueue's
   * admission lifts the gate; when the attempt ends, its pods are marked not retriable before they are
   * deleted (Kueue's finalizer holds them here), and the next attempt is a group of its own.
   */
  @Test
  void aJobInAKueueQueueRunsEachAttemptAsAPodGroupThatWaitsForAdmission() {
    cluster = OperatorHarness.start();
    SegmentationTrainingJob job = Jobs.job("queued", NAMESPACE);
    job.getMetadata().setLabels(Map.of(GangNames.KUEUE_QUEUE_LABEL, "tpu-queue"));
    SegmentationTrainingJob created = cluster.create(job);

    Pod pod = cluster.awaitGang("queued", 1, 1).get(0);
    assertThat(pod.getMetadata().getLabels()).containsEntry(GangNames.KUEUE_QUEUE_LABEL, "tpu-queue")
        .containsEntry(GangNames.KUEUE_POD_GROUP_LABEL, GangNames.podGroupName(created, 1));
    assertThat(pod.getMetadata().getAnnotations()).containsEntry(GangNames.KUEUE_POD_GROUP_TOTAL_ANNOTATION, "1");

    String name = pod.getMetadata().getName();
    cluster.client.pods().inNamespace(NAMESPACE).withName(name).edit(p -> {   // Kueue's webhook, at creation
      p.getSpec().setSchedulingGates(List.of(new PodSchedulingGate(GangNames.KUEUE_ADMISSION_GATE)));
      p.getMetadata().setFinalizers(List.of("kueue.x-k8s.io/managed"));
      return p;
    });
    await().atMost(OperatorHarness.WAIT).until(() -> cluster.job("queued").getStatus().conditions.stream()
        .anyMatch(c -> "Scheduled".equals(c.getType()) && "WaitingForKueueAdmission".equals(c.getReason())));
    assertThat(condition(cluster.job("queued"), "Scheduled").getMessage())
        .contains(GangNames.podGroupName(created, 1)).contains("tpu-queue");
    assertThat(cluster.job("queued").getStatus().phase).isEqualTo(Phase.Scheduling);
    // events are recorded after the status is written
    await().atMost(OperatorHarness.WAIT).until(() -> cluster.eventReasons("queued").contains("WaitingForKueueAdmission"));
    assertThat(cluster.eventReasons("queued")).containsOnlyOnce("WaitingForKueueAdmission");

    cluster.client.pods().inNamespace(NAMESPACE).withName(name).edit(p -> {   // Kueue admits the group
      p.getSpec().setSchedulingGates(List.of());
      return p;
    });
    cluster.setPod(name, PodStates.running("tpu-node-1", "10.0.0.7"));
    cluster.awaitPhase("queued", Phase.Running);

    cluster.setPod(name, PodStates.disrupted("TerminationByKubelet"));
    await().atMost(OperatorHarness.WAIT).until(() -> {
      Pod held = cluster.client.pods().inNamespace(NAMESPACE).withName(name).get();
      return held != null && held.getMetadata().getDeletionTimestamp() != null;
    });
    assertThat(cluster.client.pods().inNamespace(NAMESPACE).withName(name).get().getMetadata().getAnnotations())
        .as("closed before its deletion, so Kueue finishes the group's Workload")
        .containsEntry(GangNames.KUEUE_RETRIABLE_ANNOTATION, "false");

    cluster.client.pods().inNamespace(NAMESPACE).withName(name).edit(p -> {   // Kueue lets the pod go
      p.getMetadata().setFinalizers(List.of());
      return p;
    });
    Pod next = cluster.awaitGang("queued", 2, 1).get(0);
    assertThat(next.getMetadata().getLabels()).containsEntry(GangNames.KUEUE_POD_GROUP_LABEL, GangNames.podGroupName(created, 2));
  }

  @Test
  void deletingAQueuedJobClosesItsPodGroupSoKueueReleasesTheQuota() {
    cluster = OperatorHarness.start();
    SegmentationTrainingJob job = Jobs.job("dropped", NAMESPACE);
    job.getMetadata().setLabels(Map.of(GangNames.KUEUE_QUEUE_LABEL, "tpu-queue"));
    cluster.create(job);
    String name = cluster.awaitGang("dropped", 1, 1).get(0).getMetadata().getName();
    cluster.client.pods().inNamespace(NAMESPACE).withName(name).edit(p -> {   // Kueue's finalizer
      p.getMetadata().setFinalizers(List.of("kueue.x-k8s.io/managed"));
      return p;
    });

    cluster.client.resources(SegmentationTrainingJob.class).inNamespace(NAMESPACE).withName("dropped").delete();

    await().atMost(OperatorHarness.WAIT).until(() -> {
      Pod held = cluster.client.pods().inNamespace(NAMESPACE).withName(name).get();
      return held != null && held.getMetadata().getDeletionTimestamp() != null
          && "false".equals(held.getMetadata().getAnnotations().get(GangNames.KUEUE_RETRIABLE_ANNOTATION));
    });
    cluster.client.pods().inNamespace(NAMESPACE).withName(name).edit(p -> {
      p.getMetadata().setFinalizers(List.of());
      return p;
    });
  }

  @Test
  void theActiveDeadlineStopsTheJob() {
    cluster = OperatorHarness.start();
    SegmentationTrainingJob job = Jobs.job("deadline", NAMESPACE);
    job.getSpec().activeDeadlineSeconds = 2L;
    cluster.create(job);
    run("deadline", 1, 1);

    SegmentationTrainingJob failed = cluster.awaitPhase("deadline", Phase.Failed);
    assertThat(condition(failed, "Failed").getReason()).isEqualTo("DeadlineExceeded");
    assertThat(condition(failed, "Failed").getMessage()).contains("spec.activeDeadlineSeconds (2 s)");
    await().atMost(OperatorHarness.WAIT).until(() -> cluster.pods("deadline").isEmpty());
  }

  @Test
  void aFinishedJobIsDeletedWithItsPodsWhenItsTtlPasses() {
    cluster = OperatorHarness.start();
    SegmentationTrainingJob job = Jobs.job("ttl", NAMESPACE, TpuGeneration.V5E, "4x4", Provisioning.ON_DEMAND);
    job.getSpec().ttlSecondsAfterFinished = 1;
    cluster.create(job);
    run("ttl", 1, 4);
    cluster.setGang("ttl", 1, PodStates.exited(0, "Completed"));
    cluster.awaitPhase("ttl", Phase.Succeeded);
    assertThat(cluster.pods("ttl")).hasSize(4);

    await().atMost(OperatorHarness.WAIT).until(() -> cluster.job("ttl") == null);
    await().atMost(OperatorHarness.WAIT).until(() -> cluster.pods("ttl").isEmpty()
        && cluster.client.services().inNamespace(NAMESPACE).list().getItems().isEmpty());
  }

  @Test
  void deletingAJobDeletesItsPodsAndServiceWithoutGarbageCollection() {
    cluster = OperatorHarness.start();
    cluster.create(Jobs.job("gone", NAMESPACE, TpuGeneration.V5P, "2x2x4", Provisioning.ON_DEMAND));
    run("gone", 1, 4);
    assertThat(cluster.client.services().inNamespace(NAMESPACE).withName("gone-workers").get()).isNotNull();

    cluster.client.resources(SegmentationTrainingJob.class).inNamespace(NAMESPACE).withName("gone").delete();

    await().atMost(OperatorHarness.WAIT).until(() -> cluster.pods("gone").isEmpty()
        && cluster.client.services().inNamespace(NAMESPACE).withName("gone-workers").get() == null
        && cluster.job("gone") == null);
  }

  @Test
  void aJobDeletedWhileNoOperatorRanLeavesNothingOnceOneStartsAndItsNeighboursAreUntouched() {
    cluster = OperatorHarness.start();
    cluster.create(Jobs.job("left", NAMESPACE, TpuGeneration.V5P, "2x2x4", Provisioning.ON_DEMAND));
    cluster.create(Jobs.job("kept", NAMESPACE, TpuGeneration.V5E, "2x4", Provisioning.SPOT));
    run("left", 1, 4);
    run("kept", 1, 1);
    assertThat(cluster.job("left").getMetadata().getFinalizers()).as("no finalizer: deletion never waits").isEmpty();

    cluster.stopOperator();
    cluster.client.resources(SegmentationTrainingJob.class).inNamespace(NAMESPACE).withName("left").delete();
    assertThat(cluster.job("left")).as("deleted at once, with no operator running").isNull();
    assertThat(cluster.pods("left")).hasSize(4);
    cluster.startOperator();

    await().atMost(OperatorHarness.WAIT).until(() -> cluster.pods("left").isEmpty()
        && cluster.client.services().inNamespace(NAMESPACE).withName("left-workers").get() == null);
    assertThat(cluster.pods("kept")).hasSize(1);
    assertThat(cluster.job("kept").getStatus().phase).isEqualTo(Phase.Running);
  }

  @Test
  void immutableChangesAreRejectedWhileMutableOnesApplyWithoutARestart() {
    cluster = OperatorHarness.start();
    cluster.create(Jobs.job("edit", NAMESPACE, TpuGeneration.V5E, "4x4", Provisioning.SPOT));
    run("edit", 1, 4);
    Set<String> pods = cluster.podNames("edit");

    cluster.editJob("edit", j -> {
      j.getSpec().tpu.topology = "8x8";
      j.getSpec().training.batchSize = 128;
      j.getSpec().preemption = new PreemptionSpec();
      j.getSpec().preemption.maxPreemptions = 0;
      return j;
    });

    await().atMost(OperatorHarness.WAIT).until(() -> Conditions.find(cluster.job("edit").getStatus().conditions, "SpecApplied")
        .map(c -> "False".equals(c.getStatus())).orElse(false));
    SegmentationTrainingJob edited = cluster.job("edit");
    assertThat(condition(edited, "SpecApplied").getReason()).isEqualTo("ImmutableFieldChanged");
    assertThat(condition(edited, "SpecApplied").getMessage()).contains("spec.tpu.topology").contains("spec.training.batchSize")
        .doesNotContain("preemption");
    assertThat(edited.getStatus().tpu).isEqualTo("v5e 4x4 spot");
    assertThat(edited.getStatus().observedGeneration).isEqualTo(edited.getMetadata().getGeneration());
    assertThat(cluster.podNames("edit")).isEqualTo(pods);
    assertThat(cluster.eventReasons("edit")).contains("SpecChangeRejected");

    // The mutable change (maxPreemptions: 0) is in force: the next preemption fails the job.
    cluster.setPod("edit-a1-w0", PodStates.disrupted("TerminationByKubelet"));
    SegmentationTrainingJob failed = cluster.awaitPhase("edit", Phase.Failed);
    assertThat(condition(failed, "Failed").getReason()).isEqualTo("TooManyPreemptions");
  }

  @Test
  void revertingAnImmutableChangeClearsTheCondition() {
    cluster = OperatorHarness.start();
    cluster.create(Jobs.job("revert", NAMESPACE));
    run("revert", 1, 1);
    cluster.editJob("revert", j -> {
      j.getSpec().model.numClasses = 5;
      return j;
    });
    await().atMost(OperatorHarness.WAIT).until(() -> Conditions.find(cluster.job("revert").getStatus().conditions, "SpecApplied")
        .map(c -> "False".equals(c.getStatus())).orElse(false));

    cluster.editJob("revert", j -> {
      j.getSpec().model.numClasses = null;
      return j;
    });

    await().atMost(OperatorHarness.WAIT).until(() -> Conditions.isTrue(cluster.job("revert").getStatus().conditions, "SpecApplied"));
  }

  @Test
  void exceedingTheBudgetCheckpointsAndStopsAndRaisingItResumes() {
    Map<String, Double> spent = new ConcurrentHashMap<>();
    Figures fakeCost = in -> {
      SegmentationTrainingJobStatus decided = in.decided();
      SegmentationTrainingJobStatus.CostStatus cost = decided.cost == null ? new SegmentationTrainingJobStatus.CostStatus() : decided.cost;
      cost.soFarUSD = spent.getOrDefault(in.job().getMetadata().getName(), 0.0);
      cost.priceTable = "test-prices (2026-11-01)";
      return new Figures.Values(cost, decided.goodput);
    };
    cluster = OperatorHarness.start(OperatorHarness.testSettings(), fakeCost);
    SegmentationTrainingJob job = Jobs.job("budget", NAMESPACE);
    job.getSpec().budget = new BudgetSpec();
    job.getSpec().budget.maxCostUSD = 10.0;
    cluster.create(job);
    run("budget", 1, 1);

    spent.put("budget", 8.5);
    await().atMost(OperatorHarness.WAIT).until(() -> Conditions.isTrue(cluster.job("budget").getStatus().conditions, "BudgetWarning"));

    spent.put("budget", 10.5);
    await().atMost(OperatorHarness.WAIT).until(() -> cluster.pods("budget").isEmpty());
    SegmentationTrainingJob stopped = cluster.awaitPhase("budget", Phase.Suspended);
    assertThat(condition(stopped, "Suspended").getReason()).isEqualTo("BudgetExceeded");
    assertThat(condition(stopped, "Suspended").getMessage()).contains("10.50 USD").contains("test-prices");
    assertThat(cluster.eventReasons("budget")).contains("BudgetWarning", "BudgetExceeded");

    cluster.editJob("budget", j -> {
      j.getSpec().budget.maxCostUSD = 20.0;
      return j;
    });
    cluster.awaitGang("budget", 2, 1);
    assertThat(cluster.job("budget").getStatus().attempt).isEqualTo(2);
  }

  @Test
  void deadlineCountsFromTheFirstStartAcrossRestarts() {
    cluster = OperatorHarness.start();
    SegmentationTrainingJob job = Jobs.job("span", NAMESPACE);
    job.getSpec().activeDeadlineSeconds = 3L;
    cluster.create(job);
    run("span", 1, 1);
    cluster.setPod("span-a1-w0", PodStates.disrupted("TerminationByKubelet"));
    cluster.awaitGang("span", 2, 1);

    SegmentationTrainingJob failed = cluster.awaitPhase("span", Phase.Failed);
    assertThat(condition(failed, "Failed").getReason()).isEqualTo("DeadlineExceeded");
    assertThat(Duration.between(java.time.Instant.parse(failed.getStatus().startTime),
        java.time.Instant.parse(failed.getStatus().completionTime))).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
  }
}
