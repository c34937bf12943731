package dev.segtpu.operator.figures.goodput;

import static dev.segtpu.operator.figures.goodput.BadputCategory.CHECKPOINT_RESTORE;
import static dev.segtpu.operator.figures.goodput.BadputCategory.CHECKPOINT_SAVE;
import static dev.segtpu.operator.figures.goodput.BadputCategory.DATA_WAIT;
import static dev.segtpu.operator.figures.goodput.BadputCategory.DISRUPTION;
import static dev.segtpu.operator.figures.goodput.BadputCategory.EVALUATION;
import static dev.segtpu.operator.figures.goodput.BadputCategory.OTHER;
import static dev.segtpu.operator.figures.goodput.BadputCategory.SCHEDULING;
import static dev.segtpu.operator.figures.goodput.BadputCategory.STARTUP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.segtpu.api.Provisioning;
import dev.segtpu.api.SegmentationTrainingJobStatus;
import dev.segtpu.operator.figures.cost.TpuHold;
import dev.segtpu.operator.figures.cost.LostProgress;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GoodputBreakdownTest {

  private static final Instant CREATED = Instant.parse("2026-11-28T10:00:00Z");
  private static final Instant SCHEDULED = CREATED.plusSeconds(120);
  private static final Instant RELEASED = SCHEDULED.plusSeconds(1000);

  private final TrainerTime trainer = TrainerTime.fromStatus(800.0,
      Map.of("startup", 40.0, "checkpointRestore", 10.0, "checkpointSave", 30.0, "dataWait", 20.0, "evaluation", 50.0));

  @Test
  void anAttemptSplitsIntoSchedulingTheTrainersOwnFiguresAndUnaccountedHeldTime() {
    GoodputBreakdown split = GoodputBreakdown.ofAttempt(new AttemptTimeline(CREATED, SCHEDULED, RELEASED), trainer,
        LostProgress.none(), RELEASED);

    assertThat(split.badput(SCHEDULING)).isEqualTo(120);
    assertThat(split.badput(STARTUP)).isEqualTo(40);
    assertThat(split.badput(CHECKPOINT_RESTORE)).isEqualTo(10);
    assertThat(split.badput(CHECKPOINT_SAVE)).isEqualTo(30);
    assertThat(split.badput(DATA_WAIT)).isEqualTo(20);
    assertThat(split.badput(EVALUATION)).isEqualTo(50);
    assertThat(split.badput(OTHER)).isEqualTo(1000 - 950); // held 1000 s, trainer accounted for 950 s
    assertThat(split.totalSeconds()).isEqualTo(1120);
    assertThat(split.ratio()).isCloseTo(800.0 / 1120, within(1e-12));
  }

  @Test
  void aHangBooksItsStalledTimeFromUnaccountedHeldTimeFirstAndItsUncheckpointedStepsFromProductiveTime() {
    // other is 50 s; stalled 80 s: 50 s from other, 30 s from productive, plus 500 steps at 2 steps/s since the checkpoint
    GoodputBreakdown split = GoodputBreakdown.ofAttempt(new AttemptTimeline(CREATED, SCHEDULED, RELEASED), trainer,
        LostProgress.none(), RELEASED).withHang(80, LostProgress.since(1000, 1500, 2.0));

    assertThat(split.badput(BadputCategory.HUNG)).isEqualTo(50 + 30 + 250);
    assertThat(split.badput(OTHER)).isZero();
    assertThat(split.badput(DISRUPTION)).isZero();
    assertThat(split.productiveSeconds()).isEqualTo(800 - 30 - 250);
    assertThat(split.totalSeconds()).isEqualTo(1120);
  }

  @Test
  void aHangNeverBooksMoreThanTheAttemptHeld() {
    GoodputBreakdown split = GoodputBreakdown.ofAttempt(new AttemptTimeline(CREATED, SCHEDULED, RELEASED), trainer,
        LostProgress.none(), RELEASED).withHang(10_000, LostProgress.since(0, 100_000, 1.0));

    assertThat(split.productiveSeconds()).isZero();
    assertThat(split.badput(BadputCategory.HUNG)).isEqualTo(850);
    assertThat(split.totalSeconds()).isEqualTo(1120);
  }

  @Test
  void stepsRecomputedAfterAPreemptionMoveFromProductiveTimeToDisruption() {
    // Preempted at step 1500 with the newest checkpoint at 1000, training at 2 steps/s: 250 s lost.
    GoodputBreakdown split = GoodputBreakdown.ofAttempt(new AttemptTimeline(CREATED, SCHEDULED, RELEASED), trainer,
        LostProgress.since(1000, 1500, 2.0), RELEASED);

    assertThat(split.badput(DISRUPTION)).isEqualTo(250);
    assertThat(split.productiveSeconds()).isEqualTo(550);
    assertThat(split.totalSeconds()).isEqualTo(1120);
  }

  @Test
  void aGangStillWaitingForNodesIsAllSchedulingBadput() {
    GoodputBreakdown split = GoodputBreakdown.ofAttempt(new AttemptTimeline(CREATED, null, null), TrainerTime.none(),
        LostProgress.none(), CREATED.plusSeconds(300));

    assertThat(split.badput(SCHEDULING)).isEqualTo(300);
    assertThat(split.ratio()).isZero();
  }

  @Test
  void badputKeysTheOperatorDoesNotKnowCountAsOtherInsteadOfVanishing() {
    TrainerTime withCustom = TrainerTime.fromStatus(100.0, Map.of("compilation", 7.0, "startup", 3.0));

    assertThat(withCustom.badputSeconds()).containsEntry(OTHER, 7.0).containsEntry(STARTUP, 3.0);
    assertThat(withCustom.accountedSeconds()).isEqualTo(110);
  }

  @Test
  void closedAttemptsAccumulateAndSurviveAnOperatorRestartThroughTheStatus() {
    GoodputBreakdown first = GoodputBreakdown.ofAttempt(new AttemptTimeline(CREATED, SCHEDULED, RELEASED), trainer,
        LostProgress.since(1000, 1500, 2.0), RELEASED);
    GoodputBreakdown running = GoodputBreakdown.ofAttempt(
        new AttemptTimeline(RELEASED, RELEASED.plusSeconds(60), null), TrainerTime.fromStatus(100.0, Map.of("startup", 20.0)),
        LostProgress.none(), RELEASED.plusSeconds(200));
    JobGoodput job = JobGoodput.fromStatus(null).closeAttempt(first).withRunningAttempt(running);
    SegmentationTrainingJobStatus status = new SegmentationTrainingJobStatus();
    status.goodput = new SegmentationTrainingJobStatus.GoodputStatus();
    job.writeTo(status.goodput);

    SegmentationTrainingJobStatus reread = Serialization.unmarshal(Serialization.asJson(status), SegmentationTrainingJobStatus.class);

    assertThat(reread.goodput.productiveSeconds).isEqualTo(550 + 100);
    assertThat(reread.goodput.badputSeconds).containsEntry("scheduling", 120.0 + 60).containsEntry("disruption", 250.0);
    assertThat(reread.goodput.ratio).isCloseTo(650.0 / (1120 + 200), within(1e-12));
    // after a restart only the closed attempts come back; the running one is re-derived from its pods
    assertThat(JobGoodput.fromStatus(reread.goodput).total()).isEqualTo(first);
  }

  @Test
  void theTeardownAfterAStopIsOtherBadputOfTheClosedAttempts() {
    JobGoodput stopped = JobGoodput.fromStatus(null).closeAttempt(new GoodputBreakdown(100, Map.of(BadputCategory.OTHER, 5.0)));

    JobGoodput released = stopped.withTeardown(25);

    assertThat(released.closedAttempts().badput(BadputCategory.OTHER)).isEqualTo(30.0);
    assertThat(released.total().ratio()).isEqualTo(100.0 / 130);
  }

  @Test
  void aGangIsScheduledWhenItsLastWorkerIsAndEndsWhenItsLastWorkerReleasesItsNode() {
    TpuHold first = new TpuHold(Provisioning.SPOT, 4, SCHEDULED.minusSeconds(30), RELEASED.minusSeconds(5));
    TpuHold last = new TpuHold(Provisioning.SPOT, 4, SCHEDULED, RELEASED);

    assertThat(AttemptTimeline.ofGang(CREATED, List.of(first, last), 2)).isEqualTo(new AttemptTimeline(CREATED, SCHEDULED, RELEASED));
    assertThat(AttemptTimeline.ofGang(CREATED, List.of(first), 2)).isEqualTo(new AttemptTimeline(CREATED, null, null));
    assertThat(AttemptTimeline.ofGang(CREATED, List.of(first, last.releasedAt(null)), 2))
        .isEqualTo(new AttemptTimeline(CREATED, SCHEDULED, null));
  }
}
