package dev.segtpu.operator.figures.cost;

import dev.segtpu.api.Provisioning;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * TPU chip-seconds by provisioning mode. Kept per mode because a job that falls back from Spot to
 * on-demand is billed at two prices.
 */
public record ChipSeconds(Map<Provisioning, Double> byProvisioning) {

  public ChipSeconds {
    EnumMap<Provisioning, Double> copy = new EnumMap<>(Provisioning.class);
    byProvisioning.forEach((mode, seconds) -> {
      if (seconds < 0 || seconds.isNaN()) {
        throw new IllegalArgumentException("chip-seconds for " + mode.value() + " must be >= 0, got " + seconds);
      }
      copy.put(mode, seconds);
    });
    byProvisioning = Collections.unmodifiableMap(copy);
  }

  public static ChipSeconds none() {
    return new ChipSeconds(Map.of());
  }

  public static ChipSeconds of(Provisioning provisioning, double seconds) {
    return new ChipSeconds(Map.of(provisioning, seconds));
  }

  /** Reads the status form (provisioning value → seconds); a missing map means none. */
  public static ChipSeconds fromStatus(Map<String, Double> status) {
    if (status == null) {
      return none();
    }
    Map<Provisioning, Double> parsed = new EnumMap<>(Provisioning.class);
    status.forEach((mode, seconds) -> parsed.put(Provisioning.fromValue(mode), seconds));
    return new ChipSeconds(parsed);
  }

  public Map<String, Double> toStatus() {
    Map<String, Double> status = new TreeMap<>();
    byProvisioning.forEach((mode, seconds) -> status.put(mode.value(), seconds));
    return status;
  }

  public ChipSeconds plus(ChipSeconds other) {
    Map<Provisioning, Double> sum = new EnumMap<>(Provisioning.class);
    sum.putAll(byProvisioning);
    other.byProvisioning.forEach((mode, seconds) -> sum.merge(mode, seconds, Double::sum));
    return new ChipSeconds(sum);
  }

  public double of(Provisioning provisioning) {
    return byProvisioning.getOrDefault(provisioning, 0.0);
  }

  public double total() {
    return byProvisioning.values().stream().mapToDouble(Double::doubleValue).sum();
  }

  public double chipHours() {
    return total() / 3600.0;
  }
}
