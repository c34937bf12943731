package dev.segtpu.operator.metrics;

import dev.segtpu.tpu.PriceTable;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code segtpu_price_table_info{table, date} 1}: names the price table behind every {@code *_usd}
 * series, since prices differ by region and date. Replaced when a ConfigMap overrides the table.
 */
public final class PriceTableSeries {

  private final MeterRegistry registry;
  private Meter current;

  public PriceTableSeries(MeterRegistry registry) {
    this.registry = registry;
  }

  public synchronized void show(PriceTable table) {
    if (current != null) {
      registry.remove(current);
    }
    current = Gauge.builder("segtpu.price.table.info", () -> 1)
        .description("The price table the segtpu_job_*_usd series are priced with")
        .tags("table", table.name(), "date", table.date())
        .register(registry);
  }
}
