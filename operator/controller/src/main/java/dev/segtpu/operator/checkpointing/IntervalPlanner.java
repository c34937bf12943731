package dev.segtpu.operator.checkpointing;

import dev.segtpu.api.Provisioning;
import dev.segtpu.contract.TrainerInterval;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * Resolves {@code spec.checkpoint.interval} into the concrete value for an attempt. For {@code auto}
 * it takes Daly's optimum from the measured checkpoint save time and the mean time between preemptions
 * estimated from the job's history and the mode's prior, clamped to bounds.
 *
 * @param assumedSaveSeconds checkpoint save time used before the trainer has measured one
 * @param shortest lower bound: below it, saving dominates whatever the estimate says
 * @param longest upper bound: limits work lost to failures the preemption estimate does not model
 *     (trainer crashes, maintenance)
 */
public record IntervalPlanner(PreemptionPriors priors, double assumedSaveSeconds, Duration shortest, Duration longest) {

  public IntervalPlanner {
    if (!(assumedSaveSeconds > 0) || shortest.compareTo(longest) > 0) {
      throw new IllegalArgumentException("interval planner needs assumedSaveSeconds > 0 and shortest <= longest");
    }
  }

  /** Default priors, 60 s assumed save time, interval between 30 s and 2 h. */
  public static IntervalPlanner defaults() {
    return new IntervalPlanner(PreemptionPriors.defaults(), 60, Duration.ofSeconds(30), Duration.ofHours(2));
  }

  /**
   * @param measuredSaveSeconds the trainer's latest checkpoint save time, if any
   */
  public PlannedInterval plan(CheckpointInterval setting, Provisioning mode, PreemptionHistory history,
                              OptionalDouble measuredSaveSeconds) {
    if (setting instanceof CheckpointInterval.EverySteps every) {
      return new PlannedInterval(TrainerInterval.everySteps(every.steps()).toString(), Double.NaN, "fixed: every " + every.steps() + " steps");
    }
    if (setting instanceof CheckpointInterval.Every every) {
      return seconds(every.period().toSeconds(), "fixed: every " + every.period().toSeconds() + " s");
    }
    return auto(mode, history, measuredSaveSeconds);
  }

  private PlannedInterval auto(Provisioning mode, PreemptionHistory history, OptionalDouble measuredSaveSeconds) {
    boolean measured = measuredSaveSeconds.isPresent() && measuredSaveSeconds.getAsDouble() > 0;
    double save = measured ? measuredSaveSeconds.getAsDouble() : assumedSaveSeconds;
    PreemptionPrior prior = priors.of(mode);
    double meanTime = prior.blend(history);
    double optimum = YoungDaly.daly(save, meanTime);
    long interval = Math.round(Math.min(Math.max(optimum, shortest.toSeconds()), longest.toSeconds()));
    String reason = String.format(Locale.ROOT,
        "auto: Daly optimum %.0f s from save time %.1f s (%s) and mean time between preemptions %.2f h"
            + " (%d preemptions in %.2f h exposed, %s prior %.1f h)%s",
        optimum, save, measured ? "measured" : "assumed", meanTime / 3600,
        history.preemptions(), history.exposedSeconds() / 3600, mode.value(), prior.meanTimeBetweenPreemptions().toMinutes() / 60.0,
        interval == Math.round(optimum) ? "" : ", clamped to " + interval + " s");
    return seconds(interval, reason);
  }

  private static PlannedInterval seconds(long seconds, String reason) {
    return new PlannedInterval(TrainerInterval.every(java.time.Duration.ofSeconds(seconds)).toString(), seconds, reason);
  }
}
