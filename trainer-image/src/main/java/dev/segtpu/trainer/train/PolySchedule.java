package dev.segtpu.trainer.train;

/** DeepLab's "poly" policy: base · (1 − step / totalSteps)^power. */
public record PolySchedule(double base, double power, long totalSteps) implements LearningRateSchedule {

  @Override
  public double at(long step) {
    double remaining = Math.max(0.0, 1.0 - (double) step / totalSteps);
    return base * Math.pow(remaining, power);
  }
}
