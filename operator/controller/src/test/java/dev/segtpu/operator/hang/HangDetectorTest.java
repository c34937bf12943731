package dev.segtpu.operator.hang;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segtpu.api.HangDetectionSpec;
import dev.segtpu.contract.StatusDocument;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HangDetectorTest {

  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  private static HangDetectionSpec policy(int multiple, int floorSeconds) {
    HangDetectionSpec spec = new HangDetectionSpec();
    spec.stepTimeMultiple = multiple;
    spec.minimumSeconds = floorSeconds;
    return spec;
  }

  private static Optional<StatusDocument> report(int attempt, String phase, long step, Double stepsPerSecond) {
    return Optional.of(new StatusDocument(phase, attempt, step, 1000L, 0L, null, null, null, stepsPerSecond, null, null, null,
        null, null, null, null));
  }

  /** Looks at the same report at each of the given seconds after T0, carrying the watch from look to look. */
  private static HangDetector.Verdict lookRepeatedly(HangDetectionSpec spec, Optional<StatusDocument> report, long... seconds) {
    Optional<StepWatch> watch = Optional.empty();
    HangDetector.Verdict verdict = null;
    for (long s : seconds) {
      verdict = HangDetector.look(spec, 1, watch, report, T0.plusSeconds(s));
      watch = verdict.watch();
    }
    return verdict;
  }

  @Test
  void theBoundIsTheFloorWhileStepsAreFastAndTheMultipleOfTheStepTimeOnceTheyAreSlow() {
    assertThat(HangBound.of(policy(10, 300), 2.0)).isEqualTo(Duration.ofSeconds(300));
    assertThat(HangBound.of(policy(10, 300), 1.0 / 60)).isEqualTo(Duration.ofSeconds(600));
    assertThat(HangBound.of(policy(10, 300), null)).as("no rate reported yet").isEqualTo(Duration.ofSeconds(300));
    assertThat(HangBound.of(null, 5.0)).as("defaults").isEqualTo(Duration.ofSeconds(HangDetectionSpec.DEFAULT_MINIMUM_SECONDS));
  }

  @Test
  void aStepCounterStandingStillWhileTrainingIsHungOnlyOnceTheBoundHasPassed() {
    Optional<StatusDocument> stuck = report(1, "training", 120, 2.0);
    assertThat(lookRepeatedly(policy(10, 60), stuck, 0, 30, 60).hang()).as("at the bound").isEmpty();
    HangDetector.Verdict late = lookRepeatedly(policy(10, 60), stuck, 0, 30, 61);
    assertThat(late.hang()).hasValueSatisfying(hang -> {
      assertThat(hang.step()).isEqualTo(120);
      assertThat(hang.since()).isEqualTo(T0);
      assertThat(hang.stalled()).isEqualTo(Duration.ofSeconds(61));
      assertThat(hang.bound()).isEqualTo(Duration.ofSeconds(60));
    });
  }

  @Test
  void aStepThatMovesOnRestartsTheClock() {
    HangDetectionSpec spec = policy(10, 60);
    HangDetector.Verdict first = HangDetector.look(spec, 1, Optional.empty(), report(1, "training", 10, 2.0), T0);
    HangDetector.Verdict moved = HangDetector.look(spec, 1, first.watch(), report(1, "training", 11, 2.0), T0.plusSeconds(50));
    HangDetector.Verdict later = HangDetector.look(spec, 1, moved.watch(), report(1, "training", 11, 2.0), T0.plusSeconds(100));
    assertThat(moved.advanced()).isTrue();
    assertThat(later.watch().orElseThrow().since()).isEqualTo(T0.plusSeconds(50));
    assertThat(later.hang()).as("50 s since the step moved on").isEmpty();
    assertThat(later.advanced()).isFalse();
  }

  @Test
  void evaluationCheckpointingAndStartUpStopTheClockHoweverLongTheyTake() {
    HangDetectionSpec spec = policy(10, 60);
    for (String phase : new String[] {"evaluating", "checkpointing", "initializing", "restoring", "exporting"}) {
      assertThat(lookRepeatedly(spec, report(1, phase, 500, 2.0), 0, 3_600).hang()).as(phase).isEmpty();
    }
  }

  @Test
  void trainingAfterALongEvaluationGetsTheFullBoundForItsNextStep() {
    HangDetectionSpec spec = policy(10, 60);
    HangDetector.Verdict evaluating = HangDetector.look(spec, 1, Optional.empty(), report(1, "evaluating", 500, 2.0), T0);
    HangDetector.Verdict back = HangDetector.look(spec, 1, evaluating.watch(), report(1, "training", 500, 2.0), T0.plusSeconds(900));
    HangDetector.Verdict soon = HangDetector.look(spec, 1, back.watch(), report(1, "training", 500, 2.0), T0.plusSeconds(950));
    assertThat(soon.hang()).isEmpty();
    assertThat(soon.watch().orElseThrow().since()).isEqualTo(T0.plusSeconds(900));
  }

  @Test
  void aWatchOfAnEarlierAttemptIsNotCarriedIntoTheNextOne() {
    HangDetectionSpec spec = policy(10, 60);
    StepWatch old = new StepWatch(1, 300, "training", T0);
    HangDetector.Verdict verdict = HangDetector.look(spec, 2, Optional.of(old), report(2, "training", 300, 2.0), T0.plusSeconds(3_600));
    assertThat(verdict.hang()).isEmpty();
    assertThat(verdict.watch()).contains(new StepWatch(2, 300, "training", T0.plusSeconds(3_600)));
  }

  @Test
  void withoutAReportOfThisAttemptNothingIsJudgedAndTheWatchIsKept() {
    StepWatch watch = new StepWatch(1, 300, "training", T0);
    HangDetector.Verdict none = HangDetector.look(policy(10, 60), 1, Optional.of(watch), Optional.empty(), T0.plusSeconds(3_600));
    assertThat(none.hang()).isEmpty();
    assertThat(none.watch()).contains(watch);
    HangDetector.Verdict straggler = HangDetector.look(policy(10, 60), 2, Optional.empty(), report(1, "training", 300, 2.0), T0);
    assertThat(straggler.watch()).isEmpty();
  }

  @Test
  void aTrainerThatStopsAnsweringIsJudgedOnItsLastReport() {
    HangDetectionSpec spec = policy(10, 60);
    HangDetector.Verdict answered = HangDetector.look(spec, 1, Optional.empty(), report(1, "training", 40, 2.0), T0);
    // the poller keeps the last good report of a trainer that no longer answers
    HangDetector.Verdict silent = HangDetector.look(spec, 1, answered.watch(), report(1, "training", 40, 2.0), T0.plusSeconds(61));
    assertThat(silent.hang()).isPresent();
  }

  @Test
  void disabledDetectionKeepsWatchingButNeverCallsAHang() {
    HangDetectionSpec spec = policy(10, 60);
    spec.enabled = false;
    HangDetector.Verdict verdict = lookRepeatedly(spec, report(1, "training", 40, 2.0), 0, 86_400);
    assertThat(verdict.hang()).isEmpty();
    assertThat(HangDetector.deadline(spec, verdict.watch().orElseThrow(), Optional.empty())).isEmpty();
  }

  @Test
  void theNextLookIsDueWhenTheBoundRunsOutWhileTraining() {
    HangDetectionSpec spec = policy(10, 60);
    StepWatch training = new StepWatch(1, 40, "training", T0);
    assertThat(HangDetector.deadline(spec, training, report(1, "training", 40, 0.1))).contains(T0.plusSeconds(100));
    assertThat(HangDetector.deadline(spec, new StepWatch(1, 40, "evaluating", T0), Optional.empty())).isEmpty();
  }

  @Test
  void theWatchSurvivesTheStatusUnchanged() {
    StepWatch watch = new StepWatch(3, 77, "training", T0);
    assertThat(StepWatch.fromStatus(watch.toStatus())).contains(watch);
    assertThat(StepWatch.fromStatus(null)).isEmpty();
  }
}
