package dev.segtpu.operator.reconcile;

import static dev.segtpu.operator.testing.OperatorHarness.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.segtpu.api.Phase;
import dev.segtpu.api.Provisioning;
import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.api.TpuGeneration;
import dev.segtpu.operator.OperatorAssembly;
import dev.segtpu.operator.OperatorSettings;
import dev.segtpu.operator.status.Conditions;
import dev.segtpu.operator.testing.Jobs;
import dev.segtpu.operator.testing.OperatorHarness;
import dev.segtpu.operator.testing.PodStates;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Operator restarts, concurrent writers, bad specs and a second replica: nothing is lost or done twice. */
class RobustnessTest {

  OperatorHarness cluster;

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  static String statusPath(String job) {
    return "/apis/segtpu.dev/v1alpha1/namespaces/" + NAMESPACE + "/segmentationtrainingjobs/" + job + "/status";
  }

  @Test
  void anOperatorRestartMidAttemptCreatesNoDuplicatePods() throws InterruptedException {
    cluster = OperatorHarness.start();
    cluster.create(Jobs.job("steady", NAMESPACE, TpuGeneration.V5E, "4x4", Provisioning.SPOT));
    List<Pod> before = cluster.awaitGang("steady", 1, 4);
    cluster.setPod("steady-a1-w0", PodStates.running("n0", "10.0.0.1"));

    cluster.restartOperator();
    Thread.sleep(1000);

    List<Pod> after = cluster.pods("steady");
    assertThat(after).extracting(p -> p.getMetadata().getUid())
        .containsExactlyInAnyOrderElementsOf(before.stream().map(p -> p.getMetadata().getUid()).toList());
    SegmentationTrainingJob job = cluster.job("steady");
    assertThat(job.getStatus().attempt).isEqualTo(1);
    assertThat(job.getStatus().preemptionsOrZero()).isZero();

    cluster.setGang("steady", 1, PodStates.running("n", "10.0.0.2"));
    cluster.awaitPhase("steady", Phase.Running);
  }

  @Test
  void aPreemptionWhileTheOperatorIsDownIsHandledOnceWhenItComesBack() {
    cluster = OperatorHarness.start();
    cluster.create(Jobs.job("offline", NAMESPACE, TpuGeneration.V5E, "4x4", Provisioning.SPOT));
    cluster.awaitGang("offline", 1, 4);
    cluster.setGang("offline", 1, PodStates.running("n", "10.0.0.3"));
    cluster.awaitPhase("offline", Phase.Running);

    cluster.stopOperator();
    cluster.setPod("offline-a1-w3", PodStates.disrupted("TerminationByKubelet"));
    cluster.startOperator();

    cluster.awaitGang("offline", 2, 4);
    assertThat(cluster.job("offline").getStatus().preemptions).isEqualTo(1);
  }

  @Test
  void anOperatorRestartDuringTeardownCountsThePreemptionOnceAndStillFences() throws InterruptedException {
    cluster = OperatorHarness.start();
    cluster.create(Jobs.job("teardown", NAMESPACE, TpuGeneration.V5E, "4x4", Provisioning.SPOT));
    cluster.awaitGang("teardown", 1, 4);
    cluster.setGang("teardown", 1, PodStates.running("n", "10.0.0.4"));
    cluster.awaitPhase("teardown", Phase.Running);
    cluster.client.pods().inNamespace(NAMESPACE).withName("teardown-a1-w2").edit(p -> {
      p.getMetadata().setFinalizers(List.of("test.segtpu.dev/hold"));
      return p;
    });

    cluster.setPod("teardown-a1-w0", PodStates.disrupted("TerminationByKubelet"));
    await().atMost(OperatorHarness.WAIT).until(() -> cluster.pods("teardown").size() == 1);
    cluster.restartOperator();
    Thread.sleep(1000);

    assertThat(cluster.pods("teardown", 2)).isEmpty();
    assertThat(cluster.job("teardown").getStatus().preemptions).isEqualTo(1);

    cluster.client.pods().inNamespace(NAMESPACE).withName("teardown-a1-w2").edit(p -> {
      p.getMetadata().setFinalizers(List.of());
      return p;
    });
    cluster.awaitGang("teardown", 2, 4);
    assertThat(cluster.job("teardown").getStatus().preemptions).isEqualTo(1);
  }

  @Test
  void aConflictingStatusWriteIsRetriedOnTheFreshJobWithoutDuplicatingPods() throws InterruptedException {
    cluster = OperatorHarness.start();
    cluster.server.expect().put().withPath(statusPath("conflict"))
        .andReturn(409, new StatusBuilder().withCode(409).withReason("Conflict")
            .withMessage("the object has been modified; please apply your changes to the latest version").build())
        .times(2);

    cluster.create(Jobs.job("conflict", NAMESPACE));

    await().atMost(OperatorHarness.WAIT).until(() -> {
      SegmentationTrainingJob job = cluster.job("conflict");
      return job.getStatus() != null && job.getStatus().phase == Phase.Scheduling;
    });
    Thread.sleep(500);
    assertThat(cluster.pods("conflict")).hasSize(1);
    assertThat(cluster.job("conflict").getStatus().attempt).isEqualTo(1);
    assertThat(cluster.job("conflict").getStatus().launchedAttempt).isEqualTo(1);
  }

  @Test
  void aConflictWhileRecordingAPreemptionTouchesNoPodUntilTheRecordIsWritten() {
    cluster = OperatorHarness.start();
    cluster.create(Jobs.job("race", NAMESPACE, TpuGeneration.V5E, "4x4", Provisioning.SPOT));
    cluster.awaitGang("race", 1, 4);
    cluster.setGang("race", 1, PodStates.running("n", "10.0.0.5"));
    cluster.awaitPhase("race", Phase.Running);
    cluster.server.expect().put().withPath(statusPath("race"))
        .andReturn(409, new StatusBuilder().withCode(409).withReason("Conflict").build())
        .once();

    cluster.setPod("race-a1-w1", PodStates.disrupted("PreemptionByScheduler"));

    cluster.awaitGang("race", 2, 4);
    assertThat(cluster.job("race").getStatus().preemptions).isEqualTo(1);
  }

  @Test
  void anInvalidSpecIsReportedOnceNamingTheFieldAndOtherJobsRun() throws InterruptedException {
    cluster = OperatorHarness.start();
    SegmentationTrainingJob bad = Jobs.job("bad", NAMESPACE, TpuGeneration.V5E, "3x3", Provisioning.SPOT);
    cluster.create(bad);
    cluster.create(Jobs.job("good", NAMESPACE));

    await().atMost(OperatorHarness.WAIT).until(() -> cluster.job("bad").getStatus() != null
        && Conditions.find(cluster.job("bad").getStatus().conditions, "Valid").isPresent());
    cluster.awaitGang("good", 1, 1);
    SegmentationTrainingJob invalid = cluster.job("bad");
    Condition valid = Conditions.find(invalid.getStatus().conditions, "Valid").orElseThrow();
    assertThat(valid.getStatus()).isEqualTo("False");
    assertThat(valid.getMessage()).contains("spec.tpu.topology").contains("valid: [1x1, 2x2, 2x4");
    assertThat(invalid.getStatus().phase).isEqualTo(Phase.Pending);
    String version = invalid.getMetadata().getResourceVersion();

    Thread.sleep(1500);
    assertThat(cluster.pods("bad")).isEmpty();
    assertThat(cluster.job("bad").getMetadata().getResourceVersion()).isEqualTo(version);
    assertThat(cluster.eventReasons("bad")).containsExactly("InvalidSpec");

    cluster.editJob("bad", j -> {
      j.getSpec().tpu.topology = "2x4";
      return j;
    });
    cluster.awaitGang("bad", 1, 1);
    await().atMost(OperatorHarness.WAIT).until(() -> Conditions.isTrue(cluster.job("bad").getStatus().conditions, "Valid"));
  }

  /** The harness allows every host path (as the sandbox does); a cluster's operator, by default, none. */
  @Test
  void anOperatorWithTheDefaultHostPathSettingRefusesAHostPathJobNamingTheFieldAndTheSetting() throws InterruptedException {
    List<String> defaults = OperatorSettings.defaults().allowedHostPathPrefixes();
    cluster = OperatorHarness.start(OperatorHarness.testSettings("--allowed-host-path-prefixes=" + String.join(",", defaults)),
        dev.segtpu.operator.reconcile.decide.Figures.UNCHANGED);
    SegmentationTrainingJob onTheNode = Jobs.job("on-the-node", NAMESPACE);
    assertThat(onTheNode.getSpec().checkpoint.storage.hostPath.path).isEqualTo("/var/segtpu/checkpoints");

    cluster.create(onTheNode);

    await().atMost(OperatorHarness.WAIT).until(() -> cluster.job("on-the-node").getStatus() != null
        && Conditions.find(cluster.job("on-the-node").getStatus().conditions, Conditions.VALID).isPresent());
    SegmentationTrainingJob refused = cluster.job("on-the-node");
    Condition valid = Conditions.find(refused.getStatus().conditions, Conditions.VALID).orElseThrow();
    assertThat(valid.getStatus()).isEqualTo("False");
    assertThat(valid.getMessage()).contains("spec.checkpoint.storage.hostPath.path").contains("--allowed-host-path-prefixes")
        .contains("gcs or pvc");
    assertThat(refused.getStatus().phase).isEqualTo(Phase.Pending);
    Thread.sleep(500);
    assertThat(cluster.pods("on-the-node")).isEmpty();
    assertThat(cluster.eventReasons("on-the-node")).containsExactly("InvalidSpec");
  }

  @Test
  void twoReplicasWithLeaderElectionRunEachJobOnce() throws InterruptedException {
    OperatorSettings first = OperatorHarness.testSettings("--leader-election=true", "--identity=replica-a",
        "--lease-namespace=" + NAMESPACE, "--lease-duration=2s", "--lease-renew-deadline=1s", "--lease-retry-period=200ms",
        "--exit-on-lost-lease=false");
    cluster = OperatorHarness.start(first, dev.segtpu.operator.reconcile.decide.Figures.UNCHANGED);
    OperatorSettings second = OperatorSettings.parse(new String[] {
        "--namespaces=" + NAMESPACE, "--leader-election=true", "--identity=replica-b", "--lease-namespace=" + NAMESPACE,
        "--allowed-host-path-prefixes=/",
        "--lease-duration=2s", "--lease-renew-deadline=1s", "--lease-retry-period=200ms", "--exit-on-lost-lease=false",
        "--backoff-base=200ms"}, Map.of());
    OperatorAssembly otherAssembly = new OperatorAssembly(second, cluster.client);
    Operator other = otherAssembly.operator(new Metrics() { });
    other.start();
    try {
      for (String name : List.of("one", "two", "three")) {
        cluster.create(Jobs.job(name, NAMESPACE, TpuGeneration.V5E, "4x4", Provisioning.SPOT));
      }
      for (String name : List.of("one", "two", "three")) {
        cluster.awaitGang(name, 1, 4);
      }
      Thread.sleep(1000);
      for (String name : List.of("one", "two", "three")) {
        assertThat(cluster.pods(name)).hasSize(4);
      }
      Lease lease = cluster.client.leases().inNamespace(NAMESPACE).withName("segtpu-operator").get();
      assertThat(lease.getSpec().getHolderIdentity()).isIn(Set.of("replica-a", "replica-b"));
    } finally {
      other.stop();
      otherAssembly.close();
    }
  }

  @Test
  void theSecondReplicaTakesOverWhenTheLeaderStops() {
    OperatorSettings settings = OperatorHarness.testSettings("--leader-election=true", "--identity=replica-a",
        "--lease-namespace=" + NAMESPACE, "--lease-duration=1s", "--lease-renew-deadline=500ms", "--lease-retry-period=100ms",
        "--exit-on-lost-lease=false");
    cluster = OperatorHarness.start(settings, dev.segtpu.operator.reconcile.decide.Figures.UNCHANGED);
    await().atMost(OperatorHarness.WAIT).until(() -> {
      Lease lease = cluster.client.leases().inNamespace(NAMESPACE).withName("segtpu-operator").get();
      return lease != null && "replica-a".equals(lease.getSpec().getHolderIdentity());
    });
    OperatorSettings second = OperatorSettings.parse(new String[] {
        "--namespaces=" + NAMESPACE, "--leader-election=true", "--identity=replica-b", "--lease-namespace=" + NAMESPACE,
        "--allowed-host-path-prefixes=/",
        "--lease-duration=1s", "--lease-renew-deadline=500ms", "--lease-retry-period=100ms", "--exit-on-lost-lease=false"},
        Map.of());
    OperatorAssembly otherAssembly = new OperatorAssembly(second, cluster.client);
    Operator other = otherAssembly.operator(new Metrics() { });
    other.start();
    try {
      cluster.stopOperator();
      await().atMost(Duration.ofSeconds(20)).until(() ->
          "replica-b".equals(cluster.client.leases().inNamespace(NAMESPACE).withName("segtpu-operator").get()
              .getSpec().getHolderIdentity()));
      cluster.create(Jobs.job("takeover", NAMESPACE));
      cluster.awaitGang("takeover", 1, 1);
    } finally {
      other.stop();
      otherAssembly.close();
      cluster.startOperator();
    }
  }
}
