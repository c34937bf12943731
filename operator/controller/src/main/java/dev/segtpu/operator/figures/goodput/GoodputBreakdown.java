package dev.segtpu.operator.figures.goodput;

import dev.segtpu.operator.figures.cost.LostProgress;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Wall time split into productive training and badput by category. Goodput ratio = productive / total,
 * as in ml-goodput-measurement.
 */
public record GoodputBreakdown(double productiveSeconds, Map<BadputCategory, Double> badputSeconds) {

  public GoodputBreakdown {
    Map<BadputCategory, Double> copy = emptySplit();
    copy.putAll(badputSeconds);
    badputSeconds = Collections.unmodifiableMap(copy);
  }

  public static GoodputBreakdown none() {
    return new GoodputBreakdown(0, Map.of());
  }

  /**
   * One attempt's split. Scheduling comes from the timeline; the trainer's own figures give startup,
   * restore, save, data wait and evaluation; {@code lost} moves the recomputed steps out of productive
   * time into disruption; held time the trainer did not account for is {@code other}.
   */
  public static GoodputBreakdown ofAttempt(AttemptTimeline timeline, TrainerTime trainer, LostProgress lost, Instant now) {
    Map<BadputCategory, Double> badput = emptySplit();
    badput.putAll(trainer.badputSeconds());
    badput.put(BadputCategory.SCHEDULING, timeline.schedulingSeconds(now));
    double disruption = Math.min(lost.seconds(), trainer.productiveSeconds());
    badput.put(BadputCategory.DISRUPTION, disruption);
    badput.merge(BadputCategory.OTHER, Math.max(0, timeline.heldSeconds(now) - trainer.accountedSeconds()), Double::sum);
    return new GoodputBreakdown(trainer.productiveSeconds() - disruption, badput);
  }

  /**
   * This attempt's split with a hang booked as {@link BadputCategory#HUNG}: the stalled seconds come out of
   * {@code other} (held time the trainer did not account for, which is where a step that never ends goes)
   * and, past that, out of productive time (a trainer that counts the stuck step as training), as do the
   * seconds of the steps since the last checkpoint, which the next attempt trains again. Never more than
   * there is: the total stays the same.
   */
  public GoodputBreakdown withHang(double stalledSeconds, LostProgress lost) {
    Map<BadputCategory, Double> badput = emptySplit();
    badput.putAll(badputSeconds);
    double fromOther = Math.min(Math.max(0, stalledSeconds), badput(BadputCategory.OTHER));
    double fromProductive = Math.min(Math.max(0, stalledSeconds) - fromOther + lost.seconds(), productiveSeconds);
    badput.put(BadputCategory.OTHER, badput(BadputCategory.OTHER) - fromOther);
    badput.merge(BadputCategory.HUNG, fromOther + fromProductive, Double::sum);
    return new GoodputBreakdown(productiveSeconds - fromProductive, badput);
  }

  /** Reads the status form (category key → seconds). */
  public static GoodputBreakdown fromStatus(Double productiveSeconds, Map<String, Double> badputSeconds) {
    Map<BadputCategory, Double> badput = emptySplit();
    if (badputSeconds != null) {
      badputSeconds.forEach((key, seconds) -> badput.put(BadputCategory.fromKey(key), seconds));
    }
    return new GoodputBreakdown(productiveSeconds == null ? 0 : productiveSeconds, badput);
  }

  public GoodputBreakdown plus(GoodputBreakdown other) {
    Map<BadputCategory, Double> sum = emptySplit();
    sum.putAll(badputSeconds);
    other.badputSeconds.forEach((category, seconds) -> sum.merge(category, seconds, Double::sum));
    return new GoodputBreakdown(productiveSeconds + other.productiveSeconds, sum);
  }

  public double badput(BadputCategory category) {
    return badputSeconds.getOrDefault(category, 0.0);
  }

  public double totalSeconds() {
    return productiveSeconds + badputSeconds.values().stream().mapToDouble(Double::doubleValue).sum();
  }

  /** Productive / total; 0 before any time has passed. */
  public double ratio() {
    double total = totalSeconds();
    return total > 0 ? productiveSeconds / total : 0;
  }

  public Map<String, Double> badputToStatus() {
    Map<String, Double> status = new TreeMap<>();
    badputSeconds.forEach((category, seconds) -> status.put(category.key(), seconds));
    return status;
  }

  private static Map<BadputCategory, Double> emptySplit() {
    return new EnumMap<>(BadputCategory.class);
  }
}
