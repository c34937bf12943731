package dev.segtpu.operator.reconcile;

import static dev.segtpu.operator.testing.OperatorHarness.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.segtpu.api.FailurePolicySpec;
import dev.segtpu.api.Phase;
import dev.segtpu.api.Provisioning;
import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.api.TpuGeneration;
import dev.segtpu.operator.testing.Jobs;
import dev.segtpu.operator.testing.OperatorHarness;
import dev.segtpu.operator.testing.PodStates;
import dev.segtpu.operator.testing.WithOperator;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The trainer's own failures back off and count; configuration failures stop at once. */
class FailureTest extends WithOperator {

  SegmentationTrainingJob job(String name, int backoffLimit, Integer... retryable) {
    SegmentationTrainingJob job = Jobs.job(name, NAMESPACE, TpuGeneration.V4, "2x2x2", Provisioning.ON_DEMAND);
    job.getSpec().failurePolicy = new FailurePolicySpec();
    job.getSpec().failurePolicy.backoffLimit = backoffLimit;
    job.getSpec().failurePolicy.retryableExitCodes = List.of(retryable);
    return job;
  }

  void run(String name, int attempt) {
    cluster.awaitGang(name, attempt, 2);
    cluster.setGang(name, attempt, PodStates.running("node", "10.0.0.5"));
    cluster.awaitPhase(name, Phase.Running);
  }

  static Condition failedCondition(SegmentationTrainingJob job) {
    return job.getStatus().conditions.stream().filter(c -> c.getType().equals("Failed")).findFirst().orElseThrow();
  }

  @Test
  void trainerFailuresRestartWithGrowingBackoffUntilTheLimit() {
    cluster.create(job("crashy", 2));
    run("crashy", 1);

    Instant firstFailure = Instant.now();
    cluster.setPod("crashy-a1-w1", PodStates.exited(1, "Error"));
    cluster.awaitGang("crashy", 2, 2);
    Duration firstWait = Duration.between(firstFailure, Instant.now());
    assertThat(cluster.job("crashy").getStatus().failures).isEqualTo(1);
    run("crashy", 2);

    Instant secondFailure = Instant.now();
    cluster.setPod("crashy-a2-w0", PodStates.exited(137, "OOMKilled"));
    cluster.awaitGang("crashy", 3, 2);
    Duration secondWait = Duration.between(secondFailure, Instant.now());
    assertThat(firstWait).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    assertThat(secondWait).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    run("crashy", 3);

    cluster.setPod("crashy-a3-w0", PodStates.exited(1, "Error"));
    SegmentationTrainingJob failed = cluster.awaitPhase("crashy", Phase.Failed);
    assertThat(failed.getStatus().failures).isEqualTo(3);
    assertThat(failed.getStatus().preemptionsOrZero()).isZero();
    assertThat(failedCondition(failed).getReason()).isEqualTo("BackoffLimitExceeded");
    assertThat(failedCondition(failed).getMessage()).contains("spec.failurePolicy.backoffLimit (2)").contains("crashy-a3-w0");
    await().atMost(OperatorHarness.WAIT).until(() -> cluster.pods("crashy").stream()
        .allMatch(p -> "Failed".equals(p.getStatus().getPhase()) || "Succeeded".equals(p.getStatus().getPhase())));
    assertThat(cluster.eventReasons("crashy")).contains("TrainerFailed", "Restarted", "Failed");
  }

  @Test
  void aRetryableExitCodeRestartsWithoutCountingAFailure() {
    cluster.create(job("retry", 0, 75));
    run("retry", 1);

    cluster.setPod("retry-a1-w0", PodStates.exited(75, "Error"));

    cluster.awaitGang("retry", 2, 2);
    SegmentationTrainingJob job = cluster.job("retry");
    assertThat(job.getStatus().failuresOrZero()).isZero();
    assertThat(job.getStatus().preemptionsOrZero()).isZero();
    assertThat(job.getStatus().lastEnding.kind).isEqualTo("RetryableExit");
  }

  @Test
  void aTrainerConfigurationErrorFailsTheJobAtOnceWithoutRetrying() throws InterruptedException {
    cluster.create(job("badcfg", 5));
    run("badcfg", 1);

    cluster.setPod("badcfg-a1-w0", PodStates.exited(2, "Error"));

    SegmentationTrainingJob failed = cluster.awaitPhase("badcfg", Phase.Failed);
    assertThat(failedCondition(failed).getReason()).isEqualTo("TrainerConfigurationError");
    assertThat(failed.getStatus().failuresOrZero()).isZero();
    Thread.sleep(500);
    assertThat(cluster.pods("badcfg", 2)).isEmpty();
    assertThat(cluster.job("badcfg").getStatus().attempt).isEqualTo(1);
  }

  @Test
  void anImageThatCannotBePulledFailsTheJobNamingTheImage() {
    cluster.create(job("noimage", 5));
    cluster.awaitGang("noimage", 1, 2);

    cluster.setPod("noimage-a1-w1", PodStates.waiting("ImagePullBackOff", "Back-off pulling image"));

    SegmentationTrainingJob failed = cluster.awaitPhase("noimage", Phase.Failed);
    assertThat(failedCondition(failed).getReason()).isEqualTo("ImagePullFailed");
    assertThat(failedCondition(failed).getMessage()).contains("ghcr.io/segtpu/segtpu-trainer").contains("spec.trainer.image");
    await().atMost(OperatorHarness.WAIT).until(() -> cluster.pods("noimage").isEmpty());
  }

  @Test
  void aWorkerUnschedulableForLongerThanTheLimitFailsTheJob() {
    cluster.create(job("nonode", 5));
    cluster.awaitGang("nonode", 1, 2);

    cluster.setPod("nonode-a1-w0", PodStates.unschedulable(Instant.now().minus(Duration.ofHours(1))));

    SegmentationTrainingJob failed = cluster.awaitPhase("nonode", Phase.Failed);
    assertThat(failedCondition(failed).getReason()).isEqualTo("Unschedulable");
    assertThat(failedCondition(failed).getMessage()).contains("node(s) didn't match").contains("unschedulableTimeoutSeconds");
  }

  @Test
  void aWorkerRecentlyUnschedulableIsWaitedFor() throws InterruptedException {
    cluster.create(job("waiting", 5));
    cluster.awaitGang("waiting", 1, 2);

    cluster.setPod("waiting-a1-w0", PodStates.unschedulable(Instant.now()));

    Thread.sleep(500);
    assertThat(cluster.job("waiting").getStatus().phase).isEqualTo(Phase.Scheduling);
  }
}
