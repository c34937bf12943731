package dev.segtpu.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/**
 * When a job whose step counter stopped advancing counts as hung: after
 * {@code max(stepTimeMultiple x step time, minimumSeconds)} of training without a new step. The defaults
 * live only here.
 *
 * <p>Why these defaults: a DeepLab step on a TPU slice takes well under a second, so {@code 10 x} the
 * step time is seconds and the floor decides; ten minutes covers the first step's XLA compilation (which
 * the trainer reports as training, and which takes minutes for a large model) and a slow data pipeline's
 * first shuffle buffer, while a gang wedged in a collective is restarted within ten minutes instead of
 * holding its slice until the active deadline. The multiple matters for slow steps (large batches, big
 * crops): ten times a step rules out ordinary jitter and garbage-collection pauses.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HangDetectionSpec {

  public static final int DEFAULT_STEP_TIME_MULTIPLE = 10;
  public static final int DEFAULT_MINIMUM_SECONDS = 600;

  @JsonPropertyDescription("false turns hang detection off. Default true.")
  public Boolean enabled;

  @Min(SpecLimits.MIN_HANG_STEP_TIME_MULTIPLE)
  @Max(SpecLimits.MAX_HANG_STEP_TIME_MULTIPLE)
  @JsonPropertyDescription("The job is hung when its step counter has not advanced for this many times the trainer's reported step time (or minimumSeconds, whichever is longer) while it trains. Default 10.")
  public Integer stepTimeMultiple;

  @Min(SpecLimits.MIN_HANG_SECONDS)
  @Max(SpecLimits.MAX_SECONDS)
  @JsonPropertyDescription("The least time without a new step, in seconds, that counts as a hang (covers the first step's compilation). Evaluation, checkpointing and start-up do not count. Default 600.")
  public Integer minimumSeconds;

  /** {@code spec}, or one with every default when the job has none. */
  public static HangDetectionSpec orDefaults(HangDetectionSpec spec) {
    return spec == null ? new HangDetectionSpec() : spec;
  }

  public boolean enabledOrDefault() {
    return enabled == null || enabled;
  }

  public int stepTimeMultipleOrDefault() {
    return stepTimeMultiple == null ? DEFAULT_STEP_TIME_MULTIPLE : stepTimeMultiple;
  }

  public int minimumSecondsOrDefault() {
    return minimumSeconds == null ? DEFAULT_MINIMUM_SECONDS : minimumSeconds;
  }
}
