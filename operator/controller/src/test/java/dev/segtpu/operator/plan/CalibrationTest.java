package dev.segtpu.operator.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.segtpu.api.Architecture;
import dev.segtpu.api.Backbone;
import dev.segtpu.api.Provisioning;
import dev.segtpu.api.TpuGeneration;
import dev.segtpu.tpu.TpuCatalog;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Measured throughput of finished jobs takes over from the reference points once enough jobs agree. */
class CalibrationTest {

  static final String V5E_8 = Calibration.key(Architecture.DEEPLAB_V3_PLUS, Backbone.RESNET_101, 513, TpuGeneration.V5E, 8);

  final Planner planner = Planner.defaults();

  @Test
  void afterThreeFinishedJobsThePlanUsesTheirMeasuredThroughputAndItsEstimateIsWithinTenPercentOfIt() {
    PlanOption before = v5e8Spot(planner);
    // The jobs ran at about half the assumed speed (peak-compute ratios overstate the gain).
    double[] measured = {140.0, 150.0, 145.0};
    Calibration calibration = Calibration.empty();
    for (double imagesPerSecond : measured) {
      calibration = calibration.record(V5E_8, imagesPerSecond);
    }
    double trainSecondsMeasured = PlannerTest.DEEPLAB.totalImages() / 145.0;

    PlanOption after = v5e8Spot(planner.calibratedBy(calibration));

    assertThat(before.throughput().confidence()).isEqualTo(Confidence.ASSUMED);
    assertThat(Math.abs(before.trainSeconds() / trainSecondsMeasured - 1)).isGreaterThan(0.10);
    assertThat(after.throughput().confidence()).isEqualTo(Confidence.MEASURED);
    assertThat(after.throughput().imagesPerSecond()).isCloseTo(145.0, within(1e-9));
    assertThat(after.trainSeconds() / trainSecondsMeasured).isCloseTo(1.0, within(0.10));
    assertThat(after.throughput().basis()).isEqualTo("mean of 3 finished jobs on this configuration, spread ±5.0 img/s (3%)");
  }

  @Test
  void twoJobsAreNotEnoughAndOtherConfigurationsKeepTheirReference() {
    Calibration two = Calibration.empty().record(V5E_8, 140).record(V5E_8, 150);
    Calibration three = two.record(V5E_8, 145);

    assertThat(v5e8Spot(planner.calibratedBy(two)).throughput().confidence()).isEqualTo(Confidence.ASSUMED);
    Plan plan = planner.calibratedBy(three).plan(PlanRequest.of(PlannerTest.DEEPLAB).withGenerations(Set.of(TpuGeneration.V5E)));
    assertThat(plan.option("v5e-4", "spot").orElseThrow().throughput().confidence()).isEqualTo(Confidence.ASSUMED);
  }

  @Test
  void theConfigMapFormRoundTripsCountMeanAndSpread() {
    Calibration calibration = Calibration.empty().record(V5E_8, 140).record(V5E_8, 150).record(V5E_8, 145);

    Map<String, String> data = calibration.toData();
    Calibration read = Calibration.fromData(data);

    assertThat(data).containsOnlyKeys("deeplabv3plus.resnet101.513.v5e.8");
    assertThat(read.trusted(V5E_8).orElseThrow().count()).isEqualTo(3);
    assertThat(read.trusted(V5E_8).orElseThrow().mean()).isCloseTo(145, within(1e-9));
    assertThat(read.trusted(V5E_8).orElseThrow().spread()).isCloseTo(5, within(1e-9));
  }

  @Test
  void aValueThatIsNotAPointNamesItsKey() {
    assertThatThrownBy(() -> Calibration.fromData(Map.of("maskrcnn.resnet50.1024.v5p.8", "fast")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("calibration key maskrcnn.resnet50.1024.v5p.8 is not {\"count\":..,\"mean\":..,\"m2\":..}: fast");
    assertThatThrownBy(() -> Calibration.fromData(Map.of("k", "{\"count\":0,\"mean\":1,\"m2\":0}")))
        .hasMessage("calibration key k: needs count >= 1, mean > 0 and m2 >= 0, got {\"count\":0,\"mean\":1,\"m2\":0}");
  }

  private static PlanOption v5e8Spot(Planner planner) {
    return planner.option(PlannerTest.DEEPLAB, TpuCatalog.load().requireSlice(TpuGeneration.V5E, "2x4"), 1, Provisioning.SPOT);
  }
}
