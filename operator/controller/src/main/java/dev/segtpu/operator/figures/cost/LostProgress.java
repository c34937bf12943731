package dev.segtpu.operator.figures.cost;

/**
 * Steps trained after the last checkpoint by a gang that was then lost: the next attempt restores
 * the checkpoint and trains them again, so their time is badput ("wasted progress from disruption")
 * and their chip-time is wasted money.
 */
public record LostProgress(long steps, double secondsPerStep) {

  public LostProgress {
    if (steps < 0 || secondsPerStep < 0 || Double.isNaN(secondsPerStep)) {
      throw new IllegalArgumentException("lost progress needs steps >= 0 and secondsPerStep >= 0, got "
          + steps + " steps at " + secondsPerStep + " s/step");
    }
  }

  public static LostProgress none() {
    return new LostProgress(0, 0);
  }

  /**
   * Progress lost when the gang last reported {@code lastStep} and the newest checkpoint holds
   * {@code checkpointStep}, at the measured {@code stepsPerSecond} (0 or unknown: no time lost that we can price).
   */
  public static LostProgress since(long checkpointStep, long lastStep, double stepsPerSecond) {
    long steps = Math.max(0, lastStep - checkpointStep);
    return stepsPerSecond > 0 ? new LostProgress(steps, 1.0 / stepsPerSecond) : new LostProgress(steps, 0);
  }

  public double seconds() {
    return steps * secondsPerStep;
  }
}
