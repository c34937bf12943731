package dev.segtpu.tpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.segtpu.api.TpuGeneration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class TpuCatalogTest {

  private final TpuCatalog catalog = TpuCatalog.load();

  @ParameterizedTest(name = "{0} {1}: {2} chips on {4} host(s) of {3}, label {5}, {6}")
  @CsvSource({
      // generation, topology, chips, chipsPerHost, hosts, accelerator label, machine type, display name
      "V2,  2x2,      4,    4, 1,    tpu-v2,               v2-8,              v2-8",
      "V2,  16x16,    256,  4, 64,   tpu-v2,               v2-8,              v2-512",
      "V3,  2x2,      4,    4, 1,    tpu-v3,               v3-8,              v3-8",
      "V3,  32x32,    1024, 4, 256,  tpu-v3,               v3-8,              v3-2048",
      "V4,  2x2x1,    4,    4, 1,    tpu-v4-podslice,      ct4p-hightpu-4t,   v4-8",
      "V4,  2x2x2,    8,    4, 2,    tpu-v4-podslice,      ct4p-hightpu-4t,   v4-16",
      "V4,  16x16x16, 4096, 4, 1024, tpu-v4-podslice,      ct4p-hightpu-4t,   v4-8192",
      "V5E, 1x1,      1,    1, 1,    tpu-v5-lite-podslice, ct5lp-hightpu-1t,  v5e-1",
      "V5E, 2x2,      4,    4, 1,    tpu-v5-lite-podslice, ct5lp-hightpu-4t,  v5e-4",
      "V5E, 2x4,      8,    8, 1,    tpu-v5-lite-podslice, ct5lp-hightpu-8t,  v5e-8",
      "V5E, 4x4,      16,   4, 4,    tpu-v5-lite-podslice, ct5lp-hightpu-4t,  v5e-16",
      "V5E, 16x16,    256,  4, 64,   tpu-v5-lite-podslice, ct5lp-hightpu-4t,  v5e-256",
      "V5P, 2x2x1,    4,    4, 1,    tpu-v5p-slice,        ct5p-hightpu-4t,   v5p-8",
      "V5P, 16x16x24, 6144, 4, 1536, tpu-v5p-slice,        ct5p-hightpu-4t,   v5p-12288",
      "V6E, 1x1,      1,    1, 1,    tpu-v6e-slice,        ct6e-standard-1t,  v6e-1",
      "V6E, 2x4,      8,    8, 1,    tpu-v6e-slice,        ct6e-standard-8t,  v6e-8",
      "V6E, 4x4,      16,   4, 4,    tpu-v6e-slice,        ct6e-standard-4t,  v6e-16",
      "TPU7X, 1x1x1,  1,    1, 1,    tpu7x,                tpu7x-standard-1t, tpu7x-1",
      "TPU7X, 2x2x1,  4,    4, 1,    tpu7x,                tpu7x-standard-4t, tpu7x-4",
      "TPU7X, 8x8x8,  512,  4, 128,  tpu7x,                tpu7x-standard-4t, tpu7x-512",
  })
  void describesBoundarySlices(TpuGeneration generation, String topology, int chips, int chipsPerHost, int hosts,
                               String label, String machineType, String displayName) {
    SliceShape slice = catalog.requireSlice(generation, topology);

    assertThat(slice.chips()).isEqualTo(chips);
    assertThat(slice.chipsPerHost()).isEqualTo(chipsPerHost);
    assertThat(slice.hosts()).isEqualTo(hosts);
    assertThat(slice.multiHost()).isEqualTo(hosts > 1);
    assertThat(slice.acceleratorLabel()).isEqualTo(label);
    assertThat(slice.machineType()).isEqualTo(machineType);
    assertThat(slice.displayName()).isEqualTo(displayName);
  }

  @ParameterizedTest
  @EnumSource(TpuGeneration.class)
  void everyTopologyOfEveryGenerationSplitsIntoWholeHosts(TpuGeneration generation) {
    assertThat(catalog.topologies(generation)).isNotEmpty();
    for (String topology : catalog.topologies(generation)) {
      SliceShape slice = catalog.requireSlice(generation, topology);
      assertThat(slice.topology().rank()).as(topology).isEqualTo(catalog.topologyDimensions(generation));
      assertThat(slice.chips() % slice.chipsPerHost()).as(topology).isZero();
      assertThat(slice.hosts() * slice.chipsPerHost()).as(topology).isEqualTo(slice.chips());
      assertThat(slice.schedulable()).isEqualTo(catalog.schedulable(generation));
    }
  }

  @Test
  void legacyGenerationsAreKeptForCostPlanningButFlaggedUnschedulable() {
    assertThat(catalog.schedulable(TpuGeneration.V2)).isFalse();
    assertThat(catalog.schedulable(TpuGeneration.V3)).isFalse();
    assertThat(catalog.note(TpuGeneration.V3)).contains("cost planning");
    for (TpuGeneration current : new TpuGeneration[] {TpuGeneration.V4, TpuGeneration.V5E, TpuGeneration.V5P,
        TpuGeneration.V6E, TpuGeneration.TPU7X}) {
      assertThat(catalog.schedulable(current)).as(current.value()).isTrue();
    }
  }

  @Test
  void clusterOverrideMakesALegacyGenerationSchedulableUnderItsLabel() {
    TpuCatalog overridden = catalog.withAcceleratorLabel(TpuGeneration.V3, "tpu-v3-device");
    SliceShape slice = overridden.requireSlice(TpuGeneration.V3, "2x2");
    assertThat(slice.acceleratorLabel()).isEqualTo("tpu-v3-device");
    assertThat(slice.schedulable()).isTrue();
    assertThat(catalog.schedulable(TpuGeneration.V3)).as("the original is unchanged").isFalse();
  }

  @Test
  void unknownTopologiesAreRefusedWithTheValidList() {
    assertThat(catalog.slice(TpuGeneration.V5E, "3x3")).isEmpty();
    assertThat(catalog.slice(TpuGeneration.V5E, "2x2x2")).isEmpty();
    assertThat(catalog.slice(TpuGeneration.V4, "32x32x32")).isEmpty();
    assertThatThrownBy(() -> catalog.requireSlice(TpuGeneration.V6E, "32x32"))
        .hasMessageContaining("32x32").hasMessageContaining("16x16");
  }

  @Test
  void topologyParsingRejectsMalformedShapes() {
    assertThat(Topology.parse("2x2x4").chips()).isEqualTo(16);
    for (String bad : new String[] {"", "2", "0x4", "2x", "x2", "2x2x2x2", "2X4", " 2x4"}) {
      assertThat(Topology.isWellFormed(bad)).as("'" + bad + "'").isFalse();
      assertThatThrownBy(() -> Topology.parse(bad)).hasMessageContaining("AxB");
    }
  }

  @Test
  void twoSlicesOfFourHostsNumberTheirWorkersSliceMajorAndCountEveryChip() {
    TpuSlices slices = catalog.slices(TpuGeneration.V5E, "4x4", 2).orElseThrow();

    assertThat(slices.workers()).isEqualTo(8);
    assertThat(slices.chips()).isEqualTo(32);
    assertThat(slices.sliceOf(5)).isEqualTo(1);
    assertThat(slices.hostOf(5)).isEqualTo(1);
    assertThat(slices.worker(1, 1)).isEqualTo(5);
    assertThat(slices.describe(dev.segtpu.api.Provisioning.SPOT)).isEqualTo("2 × v5e 4x4 spot");
    assertThat(TpuSlices.single(slices.shape()).describe(dev.segtpu.api.Provisioning.SPOT)).isEqualTo("v5e 4x4 spot");
    assertThatThrownBy(() -> slices.sliceOf(8)).hasMessageContaining("outside 0..7");
  }

  @Test
  void multisliceIsOfferedOnV4V5eV5pAndV6eOnly() {
    assertThat(catalog.multisliceGenerations()).containsExactly("v4", "v5e", "v5p", "v6e");
  }
}
