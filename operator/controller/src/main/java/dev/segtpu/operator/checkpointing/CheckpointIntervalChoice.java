package dev.segtpu.operator.checkpointing;

import dev.segtpu.api.Provisioning;
import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.api.SegmentationTrainingJobSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Resolves {@code spec.checkpoint.interval} into what {@code SEGTPU_CHECKPOINT_INTERVAL} receives for a
 * new attempt ({@code <N>s} or {@code <N>steps}). The seam for the Young/Daly planner, which knows the
 * measured save time and the job's preemption history; {@link #fixed} is the simple fallback.
 */
public interface CheckpointIntervalChoice {

  String forAttempt(SegmentationTrainingJob job, SegmentationTrainingJobSpec spec, Provisioning provisioning, Instant now);

  /** Durations and step counts as written; {@code auto} as {@code autoInterval}. */
  static CheckpointIntervalChoice fixed(Duration autoInterval) {
    return (job, spec, provisioning, now) -> {
      String interval = spec.checkpoint == null ? null : spec.checkpoint.interval;
      if (interval == null || interval.equals("auto")) {
        return autoInterval.toSeconds() + "s";
      }
      if (interval.endsWith("steps")) {
        return interval;
      }
      long amount = Long.parseLong(interval.substring(0, interval.length() - 1));
      return switch (interval.toLowerCase(Locale.ROOT).charAt(interval.length() - 1)) {
        case 'h' -> amount * 3600 + "s";
        case 'm' -> amount * 60 + "s";
        default -> amount + "s";
      };
    };
  }
}
