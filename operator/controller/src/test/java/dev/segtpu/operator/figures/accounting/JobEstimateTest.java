package dev.segtpu.operator.figures.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.segtpu.api.Phase;
import dev.segtpu.api.Provisioning;
import dev.segtpu.api.SegmentationTrainingJobSpec;
import dev.segtpu.api.SegmentationTrainingJobStatus;
import dev.segtpu.api.SegmentationTrainingJobStatus.EstimateStatus;
import dev.segtpu.api.TpuGeneration;
import dev.segtpu.operator.plan.PlanOption;
import dev.segtpu.operator.plan.Planner;
import dev.segtpu.operator.plan.Workload;
import dev.segtpu.operator.testing.Jobs;
import dev.segtpu.tpu.TpuCatalog;
import dev.segtpu.tpu.TpuSlices;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@code status.estimate}: the planner's figures fixed at admission, the finish projected from measured throughput. */
class JobEstimateTest {

  static final Instant ADMITTED = Instant.parse("2026-12-01T08:00:00Z");

  final Planner planner = Planner.defaults();
  final JobEstimate estimates = new JobEstimate(planner);
  final SegmentationTrainingJobSpec spec = Jobs.spec(TpuGeneration.V5E, "2x4", Provisioning.SPOT);
  final TpuSlices slices = TpuSlices.single(TpuCatalog.load().requireSlice(TpuGeneration.V5E, "2x4"));

  @Test
  void atAdmissionTheEstimateIsThePlannersRowForTheJobsOwnSliceAndMode() {
    EstimateStatus estimate = estimates.of(spec, slices, new SegmentationTrainingJobStatus(), ADMITTED);
    PlanOption row = planner.option(Workload.of(spec), slices.shape(), 1, Provisioning.SPOT);

    assertThat(estimate.admittedTime).isEqualTo(ADMITTED.toString());
    assertThat(estimate.durationSeconds).isCloseTo(row.wallSeconds(), within(0.1));
    assertThat(estimate.costUSD).isCloseTo(row.costUSD().getAsDouble(), within(0.01));
    assertThat(Instant.parse(estimate.finishTime)).isEqualTo(ADMITTED.plusMillis(Math.round(row.wallSeconds() * 1000)));
    assertThat(estimate.basis).startsWith("planner: v5e-8 2x4 spot at ").contains("spot prior").contains("prices gcp-list-us");
    assertThat(estimate.projectedFinishTime).isNull();
  }

  @Test
  void measuredThroughputProjectsTheFinishFromTheRemainingStepsAndKeepsTheAdmissionFigures() {
    EstimateStatus admitted = estimates.of(spec, slices, new SegmentationTrainingJobStatus(), ADMITTED);
    SegmentationTrainingJobStatus running = new SegmentationTrainingJobStatus();
    running.phase = Phase.Running;
    running.estimate = admitted;
    running.progress = new SegmentationTrainingJobStatus.ProgressStatus();
    running.progress.step = 400L;
    running.progress.totalSteps = 1000L;
    running.throughput = new SegmentationTrainingJobStatus.ThroughputStatus();
    running.throughput.stepsPerSecond = 0.5;
    Instant now = ADMITTED.plus(Duration.ofMinutes(20));

    EstimateStatus projected = estimates.of(spec, slices, running, now);

    assertThat(projected.finishTime).isEqualTo(admitted.finishTime);
    assertThat(projected.durationSeconds).isEqualTo(admitted.durationSeconds);
    double seconds = Duration.between(now, Instant.parse(projected.projectedFinishTime)).toMillis() / 1000.0;
    assertThat(seconds).isGreaterThan(600 / 0.5).isLessThan(600 / 0.5 * 1.2); // 600 steps left, plus expected Spot preemptions
    assertThat(projected.projectedBasis).startsWith("600 steps left at the measured 0.500 steps/s");
  }

  @Test
  void aFinishedJobsProjectionIsItsCompletionTime() {
    SegmentationTrainingJobStatus done = new SegmentationTrainingJobStatus();
    done.phase = Phase.Succeeded;
    done.completionTime = "2026-12-01T09:30:00Z";
    done.estimate = estimates.of(spec, slices, new SegmentationTrainingJobStatus(), ADMITTED);

    EstimateStatus finished = estimates.of(spec, slices, done, ADMITTED.plus(Duration.ofHours(2)));

    assertThat(finished.projectedFinishTime).isEqualTo("2026-12-01T09:30:00Z");
    assertThat(finished.finishTime).isEqualTo(done.estimate.finishTime);
  }
}
