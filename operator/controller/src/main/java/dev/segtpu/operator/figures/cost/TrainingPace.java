package dev.segtpu.operator.figures.cost;

import dev.segtpu.api.Provisioning;

/**
 * Where training stands and how fast it goes on the current slice: the inputs for projecting cost.
 *
 * @param stepsPerSecond measured throughput; 0 while unknown
 * @param stepsPerEpoch 0 when the dataset size is unknown
 * @param provisioning mode of the current (or next) attempt, which pays for the remaining steps
 * @param chips chips of the slice
 */
public record TrainingPace(long step, long totalSteps, double stepsPerSecond, double stepsPerEpoch,
                           Provisioning provisioning, int chips) {

  public boolean measured() {
    return stepsPerSecond > 0;
  }

  /** Chip-seconds to train {@code steps} more steps at the measured throughput. */
  public ChipSeconds chipSecondsFor(double steps) {
    return ChipSeconds.of(provisioning, steps / stepsPerSecond * chips);
  }

  public long remainingSteps() {
    return Math.max(0, totalSteps - step);
  }
}
