package dev.segtpu.operator.gang;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segtpu.operator.testing.PodStates;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PodEndingClassifierTest {

  static final Set<Integer> NONE = Set.of();

  final StubNodes nodes = new StubNodes();
  final PodEndingClassifier classifier = new PodEndingClassifier(nodes);

  static Pod pod(java.util.function.Function<Pod, Pod> state) {
    Pod pod = new PodBuilder().withNewMetadata().withName("job-a1-w0").withNamespace("ml").endMetadata()
        .withNewSpec().addNewContainer().withName("trainer").withImage("trainer:1").endContainer().endSpec().build();
    return state.apply(pod);
  }

  Optional<PodEnding> classify(Pod pod) {
    return classifier.classify(pod, NONE);
  }

  @Test
  void pendingAndRunningPodsHaveNotEnded() {
    assertThat(classify(pod(p -> p))).isEmpty();
    assertThat(classify(pod(PodStates.scheduled("n1")))).isEmpty();
    assertThat(classify(pod(PodStates.running("n1", "10.0.0.1")))).isEmpty();
    assertThat(classify(pod(PodStates.unschedulable(Instant.now())))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"TerminationByKubelet", "PreemptionByScheduler", "DeletionByTaintManager", "EvictionByEvictionAPI",
      "DeletionByPodGC"})
  void everyDisruptionTargetReasonIsAPreemption(String reason) {
    Pod pod = pod(PodStates.running("n1", "10.0.0.1").andThen(PodStates.disrupted(reason)));
    assertThat(classify(pod)).hasValueSatisfying(e -> {
      assertThat(e.kind()).isEqualTo(EndingKind.PREEMPTED);
      assertThat(e.reason()).isEqualTo(reason);
    });
  }

  @Test
  void disruptionWinsOverTheNonZeroExitThatFollowsIt() {
    Pod pod = pod(PodStates.exited(137, "Error").andThen(PodStates.disrupted("TerminationByKubelet")));
    assertThat(classify(pod).map(PodEnding::kind)).hasValue(EndingKind.PREEMPTED);
  }

  @Test
  void nodeShutdownWithoutTheConditionIsAPreemption() {
    Pod pod = pod(PodStates.failedByNode("Terminated", "Pod was terminated in response to imminent node shutdown."));
    assertThat(classify(pod)).hasValueSatisfying(e -> {
      assertThat(e.kind()).isEqualTo(EndingKind.PREEMPTED);
      assertThat(e.reason()).isEqualTo("Terminated");
    });
    assertThat(classify(pod(PodStates.failedByNode("NodeLost", "node lost"))).map(PodEnding::kind)).hasValue(EndingKind.PREEMPTED);
  }

  @Test
  void evictionIsAPreemptionUnlessTheTrainerExceededItsLimit() {
    assertThat(classify(pod(PodStates.failedByNode("Evicted", "The node was low on resource: memory.")))
        .map(PodEnding::kind)).hasValue(EndingKind.PREEMPTED);
    assertThat(classify(pod(PodStates.failedByNode("Evicted", "Pod ephemeral local storage usage exceeds the total limit of containers 1Gi.")))
        .map(PodEnding::kind)).hasValue(EndingKind.TRAINER_FAILED);
  }

  @Test
  void aWorkerOnADeletedNodeIsPreempted() {
    nodes.gone = Set.of("n1");
    assertThat(classify(pod(PodStates.running("n1", "10.0.0.1")))).hasValueSatisfying(e -> {
      assertThat(e.kind()).isEqualTo(EndingKind.PREEMPTED);
      assertThat(e.reason()).isEqualTo("NodeLost");
    });
  }

  @ParameterizedTest
  @ValueSource(ints = {137, 143})
  void sigtermOrSigkillDuringANodeDrainIsAPreemptionAndOtherwiseAFailure(int code) {
    Pod pod = pod(PodStates.running("n1", "10.0.0.1").andThen(PodStates.exited(code, "Error")));
    pod.getSpec().setNodeName("n1");
    assertThat(classify(pod).map(PodEnding::kind)).hasValue(EndingKind.TRAINER_FAILED);
    nodes.draining = Set.of("n1");
    assertThat(classify(pod)).hasValueSatisfying(e -> {
      assertThat(e.kind()).isEqualTo(EndingKind.PREEMPTED);
      assertThat(e.reason()).isEqualTo("TerminatedDuringNodeDrain");
    });
  }

  @Test
  void oomKilledIsATrainerFailureEvenOnADrainingNode() {
    nodes.draining = Set.of("n1");
    Pod pod = pod(PodStates.exited(137, "OOMKilled"));
    pod.getSpec().setNodeName("n1");
    assertThat(classify(pod)).hasValueSatisfying(e -> {
      assertThat(e.kind()).isEqualTo(EndingKind.TRAINER_FAILED);
      assertThat(e.reason()).isEqualTo("OOMKilled");
      assertThat(e.message()).contains("spec.trainer.resources.limits.memory");
    });
  }

  @Test
  void trainerExitCodesFollowTheContract() {
    assertThat(classify(pod(PodStates.exited(0, "Completed"))).map(PodEnding::kind)).hasValue(EndingKind.SUCCEEDED);
    assertThat(classify(pod(PodStates.exited(42, "Error")))).hasValueSatisfying(e -> {
      assertThat(e.kind()).isEqualTo(EndingKind.PREEMPTED);
      assertThat(e.reason()).isEqualTo("CheckpointedOnSigterm");
    });
    assertThat(classify(pod(PodStates.exited(2, "Error")))).hasValueSatisfying(e -> {
      assertThat(e.kind()).isEqualTo(EndingKind.CONFIGURATION_FAILED);
      assertThat(e.reason()).isEqualTo("TrainerConfigurationError");
    });
    assertThat(classify(pod(PodStates.exited(3, "Error")))).hasValueSatisfying(e -> {
      assertThat(e.kind()).isEqualTo(EndingKind.CONFIGURATION_FAILED);
      assertThat(e.reason()).isEqualTo("Fenced");
    });
    assertThat(classify(pod(PodStates.exited(1, "Error")))).hasValueSatisfying(e -> {
      assertThat(e.kind()).isEqualTo(EndingKind.TRAINER_FAILED);
      assertThat(e.message()).contains("exited with code 1");
    });
  }

  @Test
  void dataErrorsAndUnrestorableCheckpointsFailAtOnceQuotingTheTrainer() {
    String dataError = "{\"phase\":\"failed\",\"error\":\"/data/train-00003.tfrecord: record 12 has a bad CRC\"}";
    assertThat(classify(pod(PodStates.exited(4, "Error", dataError)))).hasValueSatisfying(e -> {
      assertThat(e.kind()).isEqualTo(EndingKind.CONFIGURATION_FAILED);
      assertThat(e.reason()).isEqualTo("TrainerDataError");
      assertThat(e.message()).contains("train-00003.tfrecord: record 12 has a bad CRC").contains("spec.dataset");
    });
    assertThat(classify(pod(PodStates.exited(5, "Error")))).hasValueSatisfying(e -> {
      assertThat(e.kind()).isEqualTo(EndingKind.CONFIGURATION_FAILED);
      assertThat(e.reason()).isEqualTo("CheckpointUnrestorable");
      assertThat(e.message()).contains("onUnrestorable: start-over");
    });
  }

  @Test
  void aFailureMessageQuotesTheTrainersErrorOrTheLastLogLineNeverTheWholeStatus() {
    String status = "{\"phase\":\"failed\",\"attempt\":1,\"step\":120,\"error\":\"java.io.IOException: /data/train-00003 at offset 4096: truncated record\"}";
    assertThat(classify(pod(PodStates.exited(1, "Error", status)))).hasValueSatisfying(e -> assertThat(e.message())
        .isEqualTo("worker pod job-a1-w0 exited with code 1 (Error): java.io.IOException: /data/train-00003 at offset 4096: truncated record"));

    String withoutError = "{\"phase\":\"training\",\"attempt\":1,\"step\":120}";
    assertThat(classify(pod(PodStates.exited(1, "Error", withoutError)))).hasValueSatisfying(e -> assertThat(e.message())
        .isEqualTo("worker pod job-a1-w0 exited with code 1 (Error)"));

    String logTail = "step 119\nException in thread \"main\" java.lang.IllegalStateException: NaN loss\n\tat dev.segtpu.X.run(X.java:1)\n";
    assertThat(classify(pod(PodStates.exited(1, "Error", logTail)))).hasValueSatisfying(e -> assertThat(e.message())
        .endsWith(": Exception in thread \"main\" java.lang.IllegalStateException: NaN loss"));

    assertThat(classify(pod(PodStates.exited(2, "Error", "configuration error: " + "x".repeat(400))))).hasValueSatisfying(e ->
        assertThat(e.message()).contains(": configuration error: xxx").contains("...; see the pod's log").hasSizeLessThan(500));
  }

  @Test
  void retryableExitCodesRestartWithoutCountingAFailure() {
    Pod pod = pod(PodStates.exited(75, "Error"));
    assertThat(classifier.classify(pod, Set.of(75)).map(PodEnding::kind)).hasValue(EndingKind.RETRYABLE_EXIT);
    assertThat(classifier.classify(pod, Set.of()).map(PodEnding::kind)).hasValue(EndingKind.TRAINER_FAILED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ImagePullBackOff", "ErrImagePull", "InvalidImageName"})
  void imagePullErrorsAreConfigurationFailuresNamingTheImage(String reason) {
    Pod pod = pod(PodStates.waiting(reason, "manifest unknown"));
    assertThat(classify(pod)).hasValueSatisfying(e -> {
      assertThat(e.kind()).isEqualTo(EndingKind.CONFIGURATION_FAILED);
      assertThat(e.reason()).isEqualTo("ImagePullFailed");
      assertThat(e.message()).contains("trainer:1").contains("spec.trainer.image");
    });
  }

  @Test
  void aContainerThatCannotBeConfiguredIsAConfigurationFailure() {
    Pod pod = pod(PodStates.waiting("CreateContainerConfigError", "container has runAsNonRoot and image will run as root"));
    assertThat(classify(pod).map(PodEnding::kind)).hasValue(EndingKind.CONFIGURATION_FAILED);
  }

  @Test
  void aPodOfTheActiveAttemptThatIsBeingDeletedWasDeletedBySomeoneElse() {
    Pod pod = pod(PodStates.running("n1", "10.0.0.1"));
    pod.getMetadata().setDeletionTimestamp(Instant.now().toString());
    assertThat(classify(pod)).hasValueSatisfying(e -> {
      assertThat(e.kind()).isEqualTo(EndingKind.PREEMPTED);
      assertThat(e.reason()).isEqualTo("DeletedExternally");
    });
  }

  @Test
  void aPodRejectedByItsNodeBeforeTheTrainerRanIsNotTheTrainersFault() {
    Pod pod = pod(PodStates.failedByNode("UnexpectedAdmissionError", "Allocate failed due to no healthy devices present; google.com/tpu"));
    assertThat(classify(pod).map(PodEnding::kind)).hasValue(EndingKind.PREEMPTED);
  }

  static final class StubNodes implements NodeLiveness {
    Set<String> gone = Set.of();
    Set<String> draining = Set.of();

    @Override
    public boolean gone(String nodeName) {
      return gone.contains(nodeName);
    }

    @Override
    public boolean draining(String nodeName) {
      return draining.contains(nodeName);
    }
  }

  @Test
  void aWorkerThatLostAPeerFailsTheGangButThePeersOwnEndingIsTheCause() {
    PodEnding survivor = classify(pod(PodStates.exited(6, "Error"))).orElseThrow();
    assertThat(survivor.kind()).isEqualTo(EndingKind.TRAINER_FAILED);
    assertThat(survivor.reason()).isEqualTo("PeerLost");
    assertThat(survivor.message()).contains("lost a peer").contains("the gang restarts");

    PodEnding crashed = classify(pod(PodStates.exited(1, "Error"))).orElseThrow();
    assertThat(GangObserver.gangEnding(java.util.List.of(
        new WorkerState(0, null, WorkerState.State.ENDED, survivor, null),
        new WorkerState(1, null, WorkerState.State.ENDED, crashed, null)), true, 1))
        .hasValueSatisfying(gang -> assertThat(gang.worker()).isEqualTo(1));
    assertThat(GangObserver.gangEnding(java.util.List.of(
        new WorkerState(0, null, WorkerState.State.ENDED, survivor, null),
        new WorkerState(1, null, WorkerState.State.RUNNING, null, null)), true, 1))
        .hasValueSatisfying(gang -> assertThat(gang.cause().reason()).isEqualTo("PeerLost"));
  }
}
