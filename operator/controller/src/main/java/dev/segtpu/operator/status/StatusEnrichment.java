package dev.segtpu.operator.status;

import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.api.SegmentationTrainingJobSpec;
import dev.segtpu.api.SegmentationTrainingJobStatus;
import dev.segtpu.operator.gang.GangView;
import dev.segtpu.operator.progress.TrainerReport;
import dev.segtpu.tpu.SliceShape;
import java.time.Instant;
import java.util.Optional;

/**
 * The seam for figures derived from what the reconciler observed: cost so far and projected, goodput,
 * per-job metrics. The reconciler calls it once per reconciliation, after deciding and before writing
 * the status, with the status it is about to write ({@link Input#next()}); implementations fill their
 * own parts of it (cost, goodput) and must not touch the lifecycle fields (phase, counters, conditions).
 */
public interface StatusEnrichment {

  /**
   * @param job the job as read (its status is the one last written)
   * @param spec the effective spec
   * @param slice the TPU slice
   * @param gang the observed gang; {@code next.endedAttempt > previous.endedAttempt} when this
   *     reconciliation ended the attempt, and {@code next.attempt > gang.attempt()} when it starts one
   * @param report the current attempt's latest trainer report, if any
   * @param previous the status as last written
   * @param next the status about to be written (mutable)
   */
  record Input(SegmentationTrainingJob job, SegmentationTrainingJobSpec spec, SliceShape slice, GangView gang,
               Optional<TrainerReport> report, SegmentationTrainingJobStatus previous,
               SegmentationTrainingJobStatus next, Instant now) {}

  void enrich(Input input);

  /** The job is being deleted: drop whatever is kept for it (meters, caches). */
  default void forget(SegmentationTrainingJob job) {}

  StatusEnrichment NONE = input -> { };
}
