package dev.segtpu.operator.figures.goodput;

import java.util.EnumMap;
import java.util.Map;

/**
 * How the trainer process of one attempt says it spent its time: {@code productiveSeconds} and
 * {@code badputSeconds} from its /status JSON (docs/trainer-contract.md). Keys the operator does not
 * know are counted as {@code other} rather than dropped, so the total stays whole.
 */
public record TrainerTime(double productiveSeconds, Map<BadputCategory, Double> badputSeconds) {

  public TrainerTime {
    badputSeconds = Map.copyOf(badputSeconds);
  }

  public static TrainerTime none() {
    return new TrainerTime(0, Map.of());
  }

  /** From the /status fields; either may be null when the trainer has not reported yet. */
  public static TrainerTime fromStatus(Double productiveSeconds, Map<String, Double> badputSeconds) {
    Map<BadputCategory, Double> parsed = new EnumMap<>(BadputCategory.class);
    if (badputSeconds != null) {
      badputSeconds.forEach((key, seconds) -> parsed.merge(known(key), seconds, Double::sum));
    }
    return new TrainerTime(productiveSeconds == null ? 0 : productiveSeconds, parsed);
  }

  public double accountedSeconds() {
    return productiveSeconds + badputSeconds.values().stream().mapToDouble(Double::doubleValue).sum();
  }

  private static BadputCategory known(String key) {
    for (BadputCategory category : BadputCategory.values()) {
      if (category.reportedByTrainer() && category.key().equals(key)) {
        return category;
      }
    }
    return BadputCategory.OTHER;
  }
}
