package dev.segtpu.operator.checkpointing;

import dev.segtpu.api.Provisioning;
import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.api.SegmentationTrainingJobSpec;
import dev.segtpu.contract.TrainerInterval;
import java.time.Duration;
import java.time.Instant;

/**
 * Resolves {@code spec.checkpoint.interval} into what {@code SEGTPU_CHECKPOINT_INTERVAL} receives for a
 * new attempt ({@code <N>s} or {@code <N>steps}). The seam for the Young/Daly planner, which knows the
 * measured save time and the job's preemption history; {@link #fixed} is the simple fallback.
 */
public interface CheckpointIntervalChoice {

  String forAttempt(SegmentationTrainingJob job, SegmentationTrainingJobSpec spec, Provisioning provisioning, Instant now);

  /** Durations and step counts as written; {@code auto} as {@code autoInterval}. One parser: {@link CheckpointInterval}. */
  static CheckpointIntervalChoice fixed(Duration autoInterval) {
    return (job, spec, provisioning, now) -> {
      CheckpointInterval setting = CheckpointInterval.parse(spec.checkpoint == null ? null : spec.checkpoint.interval);
      if (setting instanceof CheckpointInterval.EverySteps every) {
        return TrainerInterval.everySteps(every.steps()).toString();
      }
      if (setting instanceof CheckpointInterval.Every every) {
        return TrainerInterval.every(every.period()).toString();
      }
      return TrainerInterval.every(autoInterval).toString();
    };
  }
}
