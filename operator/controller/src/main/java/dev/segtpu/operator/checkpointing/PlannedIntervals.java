package dev.segtpu.operator.checkpointing;

import dev.segtpu.api.Provisioning;
import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.api.SegmentationTrainingJobSpec;
import dev.segtpu.api.SegmentationTrainingJobStatus;
import dev.segtpu.operator.figures.cost.ChipSeconds;
import dev.segtpu.tpu.TpuCatalog;
import java.time.Instant;
import java.util.OptionalDouble;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's {@link CheckpointIntervalChoice}: each attempt gets the {@link IntervalPlanner}'s
 * interval, from the job's own preemption history (chip-seconds held and preemptions, as the status
 * keeps them) and the save time the trainer last measured.
 */
public final class PlannedIntervals implements CheckpointIntervalChoice {

  private static final Logger log = LoggerFactory.getLogger(PlannedIntervals.class);

  private final IntervalPlanner planner;
  private final TpuCatalog catalog;

  public PlannedIntervals(IntervalPlanner planner, TpuCatalog catalog) {
    this.planner = planner;
    this.catalog = catalog;
  }

  @Override
  public String forAttempt(SegmentationTrainingJob job, SegmentationTrainingJobSpec spec, Provisioning provisioning, Instant now) {
    SegmentationTrainingJobStatus status = job.getStatus() == null ? new SegmentationTrainingJobStatus() : job.getStatus();
    PlannedInterval interval = planner.plan(CheckpointInterval.parse(spec.checkpoint == null ? null : spec.checkpoint.interval),
        provisioning, history(status, spec, provisioning), lastSaveSeconds(status));
    log.info("{}/{}: checkpoint every {} ({})", job.getMetadata().getNamespace(), job.getMetadata().getName(),
        interval.trainerValue(), interval.reason());
    return interval.trainerValue();
  }

  PreemptionHistory history(SegmentationTrainingJobStatus status, SegmentationTrainingJobSpec spec, Provisioning provisioning) {
    ChipSeconds held = ChipSeconds.fromStatus(status.cost == null ? null : status.cost.chipSecondsByProvisioning);
    // every slice's chips: any slice's loss ends the job's attempt, so the job's rate of preemption is per all of them
    int chips = catalog.slices(spec.tpu.generation, spec.tpu.topology, spec.tpu.slicesOrDefault()).orElseThrow().chips();
    return PreemptionHistory.of(held, chips, provisioning, status.preemptionsOrZero());
  }

  static OptionalDouble lastSaveSeconds(SegmentationTrainingJobStatus status) {
    Double seconds = status.lastCheckpoint == null ? null : status.lastCheckpoint.saveSeconds;
    return seconds == null ? OptionalDouble.empty() : OptionalDouble.of(seconds);
  }
}
