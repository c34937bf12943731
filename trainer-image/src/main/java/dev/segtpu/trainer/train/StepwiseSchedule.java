package dev.segtpu.trainer.train;

import java.util.List;

/**
 * Piecewise constant: base until the first boundary, then base · multipliers[i] from boundaries[i]
 * on (Mask R-CNN: ×0.1 at 15,000 and ×0.01 at 20,000).
 */
public record StepwiseSchedule(double base, List<Long> boundaries, List<Double> multipliers) implements LearningRateSchedule {

  public StepwiseSchedule {
    if (boundaries.size() != multipliers.size()) {
      throw new IllegalArgumentException(boundaries.size() + " boundaries but " + multipliers.size() + " multipliers");
    }
    for (int i = 1; i < boundaries.size(); i++) {
      if (boundaries.get(i) <= boundaries.get(i - 1)) {
        throw new IllegalArgumentException("boundaries must increase, got " + boundaries);
      }
    }
    boundaries = List.copyOf(boundaries);
    multipliers = List.copyOf(multipliers);
  }

  @Override
  public double at(long step) {
    double rate = base;
    for (int i = 0; i < boundaries.size() && step >= boundaries.get(i); i++) {
      rate = base * multipliers.get(i);
    }
    return rate;
  }
}
