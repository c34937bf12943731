package dev.segtpu.operator.figures.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.segtpu.api.Provisioning;
import dev.segtpu.api.TpuGeneration;
import dev.segtpu.tpu.PriceTable;
import dev.segtpu.tpu.SliceShape;
import dev.segtpu.tpu.TpuCatalog;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Reproduces the cost claims of the source post (shared/seed/cloud-tpu-segmentation-blog.txt) through
 * the operator's own pricing path: catalog slice → TPU hold → ledger → report.
 *
 * <p>Where each number comes from:
 * <ul>
 *   <li>Post: DeepLab v3+ on a v2-8 "completes in about 8 hours and costs less than $40 (less than $15
 *       using preemptible)"; Mask R-CNN on a v2-8 "trains overnight ... for less than $50 ... preemptible
 *       ... less than $20"; a v3-8 gives "a speedup of about 1.7x" (DeepLab) / "up to 1.7x" (Mask R-CNN).</li>
 *   <li>shared/reference/gke-tpu.md (confirmed): a v3-8 was $8.00/h on demand and $2.40/h preemptible.</li>
 *   <li>The shipped price table: v2 at $1.125 per chip-hour on demand (unconfirmed list price) and 30 %
 *       of it preemptible; v3 at $2.00 / $0.60 per chip-hour, which reproduces the confirmed v3-8 prices.</li>
 *   <li>Our assumption: "overnight" = 10 h. The post's table with the exact Mask R-CNN times is an image
 *       we do not have; the claims hold for any run up to 11.1 h (on demand).</li>
 * </ul>
 */
class SeedPostCostClaimsTest {

  private static final Instant START = Instant.parse("2019-04-01T20:00:00Z");
  private static final double DEEPLAB_V2_HOURS = 8;        // post
  private static final double MASK_RCNN_V2_HOURS = 10;     // our reading of "overnight"
  private static final double V3_SPEEDUP = 1.7;            // post

  private final PriceTable table = PriceTable.defaults();
  private final TpuCatalog catalog = TpuCatalog.load();

  @Test
  void thePriceTableReproducesTheConfirmedV3_8Prices() {
    SliceShape v3_8 = catalog.requireSlice(TpuGeneration.V3, "2x2");

    assertThat(v3_8.displayName()).isEqualTo("v3-8");
    assertThat(costOf(v3_8, Provisioning.ON_DEMAND, 1)).isCloseTo(8.00, within(1e-9));
    assertThat(costOf(v3_8, Provisioning.PREEMPTIBLE, 1)).isCloseTo(2.40, within(1e-9));
  }

  @Test
  void deepLabOnAV2_8ForAboutEightHoursCostsUnder40DollarsAndUnder15Preemptible() {
    SliceShape v2_8 = catalog.requireSlice(TpuGeneration.V2, "2x2");

    assertThat(costOf(v2_8, Provisioning.ON_DEMAND, DEEPLAB_V2_HOURS)).isCloseTo(36.00, within(1e-9)).isLessThan(40);
    assertThat(costOf(v2_8, Provisioning.PREEMPTIBLE, DEEPLAB_V2_HOURS)).isCloseTo(10.80, within(1e-9)).isLessThan(15);
  }

  @Test
  void deepLabOnAV3_8At8DollarsAnHourStaysUnderTheClaimsOnlyThanksToThe1_7xSpeedup() {
    SliceShape v3_8 = catalog.requireSlice(TpuGeneration.V3, "2x2");
    double hours = DEEPLAB_V2_HOURS / V3_SPEEDUP;

    assertThat(costOf(v3_8, Provisioning.ON_DEMAND, hours)).isCloseTo(37.65, within(0.01)).isLessThan(40);
    assertThat(costOf(v3_8, Provisioning.PREEMPTIBLE, hours)).isCloseTo(11.29, within(0.01)).isLessThan(15);
    // Without the speedup (a v3-8 held for the v2-8's 8 hours) the on-demand claim would not hold.
    assertThat(costOf(v3_8, Provisioning.ON_DEMAND, DEEPLAB_V2_HOURS)).isCloseTo(64.00, within(1e-9)).isGreaterThan(40);
  }

  @Test
  void maskRcnnOvernightOnAV2_8CostsUnder50DollarsAndUnder20Preemptible() {
    SliceShape v2_8 = catalog.requireSlice(TpuGeneration.V2, "2x2");

    assertThat(costOf(v2_8, Provisioning.ON_DEMAND, MASK_RCNN_V2_HOURS)).isCloseTo(45.00, within(1e-9)).isLessThan(50);
    assertThat(costOf(v2_8, Provisioning.PREEMPTIBLE, MASK_RCNN_V2_HOURS)).isCloseTo(13.50, within(1e-9)).isLessThan(20);
    // The longest "overnight" for which the on-demand claim still holds.
    double hoursFor50 = 50 / costOf(v2_8, Provisioning.ON_DEMAND, 1);
    assertThat(hoursFor50).isCloseTo(11.11, within(0.01)).isGreaterThan(MASK_RCNN_V2_HOURS);
  }

  @Test
  void maskRcnnOnAV3_8With1_7xSpeedupAlsoStaysUnder50And20Dollars() {
    SliceShape v3_8 = catalog.requireSlice(TpuGeneration.V3, "2x2");
    double hours = MASK_RCNN_V2_HOURS / V3_SPEEDUP;

    assertThat(costOf(v3_8, Provisioning.ON_DEMAND, hours)).isCloseTo(47.06, within(0.01)).isLessThan(50);
    assertThat(costOf(v3_8, Provisioning.PREEMPTIBLE, hours)).isCloseTo(14.12, within(0.01)).isLessThan(20);
  }

  /** USD for holding every host of the slice for {@code hours}, through the operator's cost path. */
  private double costOf(SliceShape slice, Provisioning mode, double hours) {
    Instant end = START.plus(Duration.ofMillis(Math.round(hours * 3_600_000)));
    List<TpuHold> gang = IntStream.range(0, slice.hosts())
        .mapToObj(host -> new TpuHold(mode, slice.chipsPerHost(), START, end))
        .toList();
    TrainingPace finished = new TrainingPace(1, 1, 0, 0, mode, slice.chips());
    CostReport report = CostReport.of(new Pricing(table, slice.generation()), CostLedger.empty().release(gang), List.of(), end, finished);
    return report.soFarUSD();
  }
}
