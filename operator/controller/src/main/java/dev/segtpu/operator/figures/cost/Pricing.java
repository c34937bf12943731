package dev.segtpu.operator.figures.cost;

import dev.segtpu.api.Provisioning;
import dev.segtpu.api.TpuGeneration;
import dev.segtpu.tpu.PriceTable;
import java.util.Map;
import java.util.TreeMap;

/** Prices chip-time of one TPU generation with a price table. */
public record Pricing(PriceTable table, TpuGeneration generation) {

  public double usdPerChipSecond(Provisioning provisioning) {
    return table.perChipHour(generation, provisioning) / 3600.0;
  }

  public double usd(ChipSeconds chipSeconds) {
    return chipSeconds.byProvisioning().entrySet().stream()
        .mapToDouble(e -> e.getValue() * usdPerChipSecond(e.getKey()))
        .sum();
  }

  /** USD by provisioning value, as the status and the spend-by-mode panel show it. */
  public Map<String, Double> usdByProvisioning(ChipSeconds chipSeconds) {
    Map<String, Double> usd = new TreeMap<>();
    chipSeconds.byProvisioning().forEach((mode, seconds) -> usd.put(mode.value(), seconds * usdPerChipSecond(mode)));
    return usd;
  }

  /** The table's label, which every cost figure carries. */
  public String label() {
    return table.label();
  }
}
