package dev.segtpu.tpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.segtpu.api.Provisioning;
import dev.segtpu.api.TpuGeneration;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PriceTableTest {

  @Test
  void defaultTableCarriesTheConfirmedV3Prices() {
    PriceTable table = PriceTable.defaults();
    SliceShape v3_8 = TpuCatalog.load().requireSlice(TpuGeneration.V3, "2x2");
    // The seed-era list prices: v3-8 $8.00/h on demand, $2.40/h preemptible.
    assertThat(table.perChipHour(TpuGeneration.V3, Provisioning.ON_DEMAND) * v3_8.chips()).isEqualTo(8.00);
    assertThat(table.perChipHour(TpuGeneration.V3, Provisioning.PREEMPTIBLE) * v3_8.chips()).isEqualTo(2.40);
    assertThat(table.label()).isEqualTo("gcp-list-us-2026-11 (2026-11-01)");
  }

  @Test
  void everyGenerationAndModeHasAPrice() {
    PriceTable table = PriceTable.defaults();
    for (TpuGeneration generation : TpuGeneration.values()) {
      for (Provisioning provisioning : Provisioning.values()) {
        assertThat(table.perChipHour(generation, provisioning)).as(generation + " " + provisioning).isNotNegative();
      }
      assertThat(table.perChipHour(generation, Provisioning.SPOT))
          .isLessThanOrEqualTo(table.perChipHour(generation, Provisioning.ON_DEMAND));
    }
  }

  @Test
  void configMapOverrideReplacesTheTableAndNamesIt() {
    StringBuilder yaml = new StringBuilder("name: europe-west4-negotiated\ndate: \"2026-10-01\"\nprices:\n");
    for (TpuGeneration generation : TpuGeneration.values()) {
      yaml.append("  ").append(generation.value())
          .append(": {on-demand: 2.5, spot: 1.0, preemptible: 1.0, reservation: 2.0}\n");
    }
    PriceTable table = PriceTable.parse(yaml.toString().getBytes(StandardCharsets.UTF_8));
    assertThat(table.perChipHour(TpuGeneration.V5E, Provisioning.SPOT)).isEqualTo(1.0);
    assertThat(table.perChipHour(TpuGeneration.V5E, Provisioning.FLEX_START)).as("a table from before flex-start prices it as on-demand")
        .isEqualTo(2.5);
    assertThat(table.label()).isEqualTo("europe-west4-negotiated (2026-10-01)");
  }

  @Test
  void incompleteOverrideNamesTheMissingPrice() {
    String yaml = "name: partial\ndate: \"2026-10-01\"\nprices:\n  v5e: {on-demand: 1.2}\n";
    assertThatThrownBy(() -> PriceTable.parse(yaml.getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("prices.v2.on-demand");
  }
}
