package dev.segtpu.operator.checkpointing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segtpu.api.Provisioning;
import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.api.SegmentationTrainingJobStatus;
import dev.segtpu.api.SegmentationTrainingJobStatus.CheckpointStatus;
import dev.segtpu.api.SegmentationTrainingJobStatus.CostStatus;
import dev.segtpu.operator.testing.Jobs;
import dev.segtpu.tpu.TpuCatalog;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlannedIntervalsTest {

  private final PlannedIntervals intervals = new PlannedIntervals(IntervalPlanner.defaults(), TpuCatalog.load());

  @Test
  void fixedIntervalsPassThroughInTheTrainersForm() {
    assertThat(choose(job("5m"), Provisioning.SPOT)).isEqualTo("300s");
    assertThat(choose(job("2000steps"), Provisioning.SPOT)).isEqualTo("2000steps");
  }

  @Test
  void autoBeforeAnyHistoryIsDalysOptimumForTheAssumedSaveTimeAndTheModesPrior() {
    double prior = PreemptionPriors.defaults().of(Provisioning.SPOT).meanTimeBetweenPreemptions().toSeconds();
    long expected = Math.round(Math.min(Math.max(YoungDaly.daly(60, prior), 30), 7200));

    assertThat(choose(job("auto"), Provisioning.SPOT)).isEqualTo(expected + "s");
  }

  @Test
  void aFasterMeasuredSaveCheckpointsMoreOften() {
    SegmentationTrainingJob measured = job("auto");
    measured.getStatus().lastCheckpoint = new CheckpointStatus();
    measured.getStatus().lastCheckpoint.saveSeconds = 2.0;

    assertThat(seconds(choose(measured, Provisioning.SPOT))).isLessThan(seconds(choose(job("auto"), Provisioning.SPOT)));
  }

  @Test
  void frequentPreemptionsInTheJobsOwnHistoryCheckpointMoreOften() {
    SegmentationTrainingJob stormy = job("auto");
    stormy.getStatus().cost = new CostStatus();
    stormy.getStatus().cost.chipSecondsByProvisioning = Map.of("spot", 8 * 6 * 3600.0); // 6 h on a v5e 2x4
    stormy.getStatus().preemptions = 30;

    assertThat(seconds(choose(stormy, Provisioning.SPOT))).isLessThan(seconds(choose(job("auto"), Provisioning.SPOT)));
  }

  @Test
  void onDemandAttemptsCheckpointLessOftenThanSpotOnes() {
    assertThat(seconds(choose(job("auto"), Provisioning.ON_DEMAND))).isGreaterThan(seconds(choose(job("auto"), Provisioning.SPOT)));
  }

  private String choose(SegmentationTrainingJob job, Provisioning provisioning) {
    return intervals.forAttempt(job, job.getSpec(), provisioning, Instant.now());
  }

  private static SegmentationTrainingJob job(String interval) {
    SegmentationTrainingJob job = Jobs.job("voc", "ml");
    job.getSpec().checkpoint.interval = interval;
    job.setStatus(new SegmentationTrainingJobStatus());
    return job;
  }

  private static long seconds(String trainerValue) {
    return Long.parseLong(trainerValue.substring(0, trainerValue.length() - 1));
  }
}
