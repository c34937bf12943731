package dev.segtpu.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segtpu.tpu.PriceTable;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

class PriceTableSeriesTest {

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  @Test
  void theInfoSeriesNamesTheTableAndItsDate() {
    new PriceTableSeries(registry).show(PriceTable.defaults());

    assertThat(registry.scrape()).contains("segtpu_price_table_info{date=\"2026-11-01\",table=\"gcp-list-us-2026-11\"} 1");
  }

  @Test
  void anOverrideReplacesTheShippedTable() {
    PriceTableSeries series = new PriceTableSeries(registry);
    series.show(PriceTable.defaults());
    PriceTable regional = PriceTable.defaults();
    series.show(new PriceTable("europe-west4", "2026-12-01", "ConfigMap", regional.prices()));

    assertThat(registry.scrape()).contains("table=\"europe-west4\"").doesNotContain("gcp-list-us-2026-11");
  }
}
