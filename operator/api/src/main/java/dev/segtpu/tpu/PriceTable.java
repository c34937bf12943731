package dev.segtpu.tpu;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.segtpu.api.Provisioning;
import dev.segtpu.api.TpuGeneration;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Map;

/**
 * USD per TPU chip-hour for each generation and provisioning mode. Every cost figure names the table
 * ({@link #label()}) because prices differ by region and change over time. The shipped default can be
 * replaced by a ConfigMap holding a YAML file of the same shape.
 */
public record PriceTable(String name, String date, String source,
                         Map<TpuGeneration, Map<Provisioning, Double>> prices) {

  private static final String DEFAULT_RESOURCE = "default-price-table.yaml";

  /**
   * A table without flex-start prices (written before the mode existed) prices it as on-demand: never
   * below what the capacity may cost.
   */
  public PriceTable {
    Map<TpuGeneration, Map<Provisioning, Double>> filled = new java.util.EnumMap<>(TpuGeneration.class);
    prices.forEach((generation, row) -> {
      Map<Provisioning, Double> copy = new java.util.EnumMap<>(Provisioning.class);
      copy.putAll(row);
      if (!copy.containsKey(Provisioning.FLEX_START) && copy.get(Provisioning.ON_DEMAND) != null) {
        copy.put(Provisioning.FLEX_START, copy.get(Provisioning.ON_DEMAND));
      }
      filled.put(generation, copy);
    });
    prices = filled;
    for (TpuGeneration generation : TpuGeneration.values()) {
      Map<Provisioning, Double> row = prices.get(generation);
      for (Provisioning provisioning : Provisioning.values()) {
        Double price = row == null ? null : row.get(provisioning);
        if (price == null || price < 0) {
          throw new IllegalArgumentException("price table '" + name + "': prices." + generation.value() + "."
              + provisioning.value() + " must be a number >= 0 (USD per chip-hour)");
        }
      }
    }
  }

  public static PriceTable defaults() {
    try (InputStream in = PriceTable.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      return parse(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + DEFAULT_RESOURCE, e);
    }
  }

  /** Parses the YAML form (the default file, or a ConfigMap's {@code price-table.yaml} key). */
  public static PriceTable parse(byte[] yaml) {
    try {
      PriceFile file = new ObjectMapper(new YAMLFactory()).readValue(yaml, PriceFile.class);
      if (file.name() == null || file.date() == null || file.prices() == null) {
        throw new IllegalArgumentException("price table needs name, date and prices");
      }
      Map<TpuGeneration, Map<Provisioning, Double>> prices = new EnumMap<>(TpuGeneration.class);
      file.prices().forEach((generation, row) -> {
        Map<Provisioning, Double> byMode = new EnumMap<>(Provisioning.class);
        row.forEach((mode, price) -> byMode.put(Provisioning.fromValue(mode), price));
        prices.put(TpuGeneration.fromValue(generation), byMode);
      });
      return new PriceTable(file.name(), file.date(), file.source(), prices);
    } catch (IOException e) {
      throw new IllegalArgumentException("price table is not valid YAML: " + e.getMessage(), e);
    }
  }

  public double perChipHour(TpuGeneration generation, Provisioning provisioning) {
    return prices.get(generation).get(provisioning);
  }

  /** How cost figures cite this table, e.g. "gcp-list-us-2026-11 (2026-11-01)". */
  public String label() {
    return name + " (" + date + ")";
  }

  private record PriceFile(String name, String date, String source, Map<String, Map<String, Double>> prices) {}
}
