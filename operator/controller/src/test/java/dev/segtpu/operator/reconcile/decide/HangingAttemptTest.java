package dev.segtpu.operator.reconcile.decide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segtpu.api.FailurePolicySpec;
import dev.segtpu.api.HangDetectionSpec;
import dev.segtpu.api.Phase;
import dev.segtpu.api.Provisioning;
import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.api.SegmentationTrainingJobStatus;
import dev.segtpu.api.TpuGeneration;
import dev.segtpu.contract.StatusDocument;
import dev.segtpu.operator.status.Conditions;
import dev.segtpu.operator.status.JobEvent;
import dev.segtpu.operator.status.JobEvents;
import dev.segtpu.operator.testing.Jobs;
import dev.segtpu.operator.testing.PodStates;
import dev.segtpu.operator.workload.WorkerPodFactory;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The decide step with a trainer whose step counter stops: spec.failurePolicy.hangDetection. */
class HangingAttemptTest {

  static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  final DecideBench bench = DecideBench.unpriced();
  final List<Pod> pods = bench.pods;
  final WorkerPodFactory factory = bench.factory;
  SegmentationTrainingJob job;

  @BeforeEach
  void jobThatCallsAHangAfterAMinute() {
    job = Jobs.job("j", "ml", TpuGeneration.V4, "2x2x2", Provisioning.SPOT);
    job.getMetadata().setUid("uid-1");
    job.getMetadata().setGeneration(1L);
    job.getSpec().failurePolicy = new FailurePolicySpec();
    job.getSpec().failurePolicy.backoffLimit = 1;
    job.getSpec().failurePolicy.hangDetection = new HangDetectionSpec();
    job.getSpec().failurePolicy.hangDetection.minimumSeconds = 60;
    job.setStatus(new SegmentationTrainingJobStatus());
    bench.job = job;
  }

  Decision decide(Instant now, Optional<StatusDocument> report) {
    return bench.decide(now, report);
  }

  Decision apply(Decision decision) {
    return bench.apply(decision);
  }

  static Optional<StatusDocument> training(int attempt, long step) {
    return Optional.of(new StatusDocument("training", attempt, step, 1000L, 0L, null, null, null, 5.0, null,
        new StatusDocument.Checkpoint(100L, T0.toString(), attempt, 0.5), null, null, null, null, null));
  }

  /** Starts attempt {@code attempt}'s gang at {@code at} and has it report {@code step}. */
  void runningAt(Instant at) {
    apply(decide(at, Optional.empty()));
    pods.replaceAll(PodStates.running("n", "10.0.0.1"));
  }

  @Test
  void aStepCounterStandingStillPastTheBoundEndsTheAttemptAsAHungTrainerFailureNotAPreemption() {
    runningAt(T0);
    apply(decide(T0.plusSeconds(5), training(1, 120)));
    Decision before = apply(decide(T0.plusSeconds(65), training(1, 120)));
    assertThat(before.podsToDelete()).as("60 s is the bound, not past it").isEmpty();
    assertThat(before.requeueAfter()).as("a look is due once the bound runs out").hasValueSatisfying(
        wait -> assertThat(wait).isLessThanOrEqualTo(Duration.ofMillis(100)));

    Decision hung = apply(decide(T0.plusSeconds(66), training(1, 120)));

    SegmentationTrainingJobStatus status = hung.status();
    assertThat(hung.statusFirst()).isTrue();
    assertThat(hung.podsToDelete()).hasSize(2);
    assertThat(status.phase).isEqualTo(Phase.Restarting);
    assertThat(status.lastEnding.kind).isEqualTo("TrainerFailed");
    assertThat(status.lastEnding.reason).isEqualTo("Hung");
    assertThat(status.lastEnding.message).contains("stood at 120 for 61 s").contains("bound of 60 s");
    assertThat(status.failures).isEqualTo(1);
    assertThat(status.hangs).isEqualTo(1);
    assertThat(status.preemptionsOrZero()).isZero();
    assertThat(Conditions.find(status.conditions, Conditions.HUNG)).hasValueSatisfying(c -> {
      assertThat(c.getStatus()).isEqualTo("True");
      assertThat(c.getReason()).isEqualTo("StepCounterStalled");
    });
    assertThat(hung.events()).extracting(JobEvent::reason).containsExactly(JobEvents.HUNG, JobEvents.TRAINER_FAILED);
    assertThat(hung.events().get(0).message()).contains("restarting the gang from the latest checkpoint (step 100 or newer)");
  }

  @Test
  void theHungGangRestartsAfterTheBackoffAndItsConditionClearsOnceTheNewAttemptTrainsOn() {
    runningAt(T0);
    apply(decide(T0.plusSeconds(5), training(1, 120)));
    apply(decide(T0.plusSeconds(70), training(1, 120)));
    assertThat(pods).isEmpty();

    Decision waiting = apply(decide(T0.plusSeconds(75), Optional.empty()));
    assertThat(waiting.launch()).as("within the 10 s backoff").isEmpty();
    runningAt(T0.plusSeconds(81));
    assertThat(job.getStatus().attempt).isEqualTo(2);
    assertThat(job.getStatus().stepWatch).as("the new attempt's clock starts with its own report").isNull();

    apply(decide(T0.plusSeconds(90), training(2, 100)));
    assertThat(Conditions.isTrue(job.getStatus().conditions, Conditions.HUNG)).as("restored, not trained on yet").isTrue();
    Decision trains = apply(decide(T0.plusSeconds(95), training(2, 125)));
    assertThat(Conditions.find(trains.status().conditions, Conditions.HUNG)).hasValueSatisfying(c -> {
      assertThat(c.getStatus()).isEqualTo("False");
      assertThat(c.getReason()).isEqualTo("Progressing");
    });
    assertThat(trains.status().phase).isEqualTo(Phase.Running);
  }

  @Test
  void hangsCountAgainstTheBackoffLimit() {
    runningAt(T0);
    apply(decide(T0.plusSeconds(5), training(1, 120)));
    apply(decide(T0.plusSeconds(70), training(1, 120)));
    apply(decide(T0.plusSeconds(80), Optional.empty()));
    runningAt(T0.plusSeconds(81));
    apply(decide(T0.plusSeconds(90), training(2, 100)));

    Decision second = apply(decide(T0.plusSeconds(151), training(2, 100)));

    assertThat(second.status().phase).isEqualTo(Phase.Failed);
    assertThat(Conditions.find(second.status().conditions, Conditions.FAILED)).hasValueSatisfying(c -> {
      assertThat(c.getReason()).isEqualTo("BackoffLimitExceeded");
      assertThat(c.getMessage()).contains("hung: the step counter stood at 100");
    });
    assertThat(second.status().hangs).isEqualTo(2);
  }

  @Test
  void aLongEvaluationIsNotAHang() {
    runningAt(T0);
    apply(decide(T0.plusSeconds(5), training(1, 120)));
    Optional<StatusDocument> evaluating = Optional.of(new StatusDocument("evaluating", 1, 120L, 1000L, 0L, null, null, null, 5.0,
        null, null, null, null, null, null, null));
    apply(decide(T0.plusSeconds(30), evaluating));
    Decision longEval = apply(decide(T0.plusSeconds(3_600), evaluating));
    Decision backToTraining = apply(decide(T0.plusSeconds(3_630), training(1, 120)));

    assertThat(longEval.podsToDelete()).isEmpty();
    assertThat(backToTraining.podsToDelete()).isEmpty();
    assertThat(backToTraining.status().phase).isEqualTo(Phase.Running);
    assertThat(backToTraining.status().hangs).isNull();
  }

  @Test
  void detectionTurnedOffLeavesAStalledTrainerRunning() {
    job.getSpec().failurePolicy.hangDetection.enabled = false;
    runningAt(T0);
    apply(decide(T0.plusSeconds(5), training(1, 120)));
    Decision later = apply(decide(T0.plusSeconds(86_400), training(1, 120)));
    assertThat(later.podsToDelete()).isEmpty();
    assertThat(later.status().phase).isEqualTo(Phase.Running);
  }
}
