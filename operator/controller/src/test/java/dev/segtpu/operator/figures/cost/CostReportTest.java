package dev.segtpu.operator.figures.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.segtpu.api.Provisioning;
import dev.segtpu.api.SegmentationTrainingJobStatus;
import dev.segtpu.api.TpuGeneration;
import dev.segtpu.tpu.PriceTable;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CostReportTest {

  private static final Instant T0 = Instant.parse("2026-11-28T00:00:00Z");
  // v5e in the default table: $1.20 on demand, $0.36 spot per chip-hour
  private final Pricing pricing = new Pricing(PriceTable.defaults(), TpuGeneration.V5E);
  private final TrainingPace unmeasured = new TrainingPace(0, 1000, 0, 0, Provisioning.ON_DEMAND, 8);

  @Test
  void eachAttemptIsPricedAtTheProvisioningModeItActuallyUsed() {
    // Two hosts of a v5e 2x4 (4 chips each) on Spot for 1 h, then a fallback gang on demand, running for 30 min so far.
    List<TpuHold> spotGang = List.of(hold(Provisioning.SPOT, 4, 0, 60), hold(Provisioning.SPOT, 4, 0, 60));
    CostLedger ledger = CostLedger.empty().release(spotGang);
    List<TpuHold> onDemandGang = List.of(hold(Provisioning.ON_DEMAND, 4, 70, null), hold(Provisioning.ON_DEMAND, 4, 70, null));

    CostReport report = CostReport.of(pricing, ledger, onDemandGang, T0.plus(Duration.ofMinutes(100)), unmeasured);

    assertThat(report.soFarUSD()).isCloseTo(8 * 0.36 + 8 * 1.20 * 0.5, within(1e-9));
    assertThat(report.soFarUSDByProvisioning()).containsOnlyKeys("spot", "on-demand");
    assertThat(report.soFarUSDByProvisioning().get("spot")).isCloseTo(2.88, within(1e-9));
    assertThat(report.chipSeconds().chipHours()).isCloseTo(12, within(1e-9));
    assertThat(report.priceTable()).isEqualTo(PriceTable.defaults().label());
  }

  @Test
  void preemptionWasteIsTheRecomputedStepsTimesSecondsPerStepTimesChipsTimesPrice() {
    // Preempted at step 1500 with the checkpoint at 1000, at 2 steps/s: 250 s of 8 Spot chips recomputed.
    CostLedger ledger = CostLedger.empty().preempted(Provisioning.SPOT, 8, LostProgress.since(1000, 1500, 2.0));

    CostReport report = CostReport.of(pricing, ledger, List.of(), T0, unmeasured);

    assertThat(report.wastedUSD()).isCloseTo(250 * 8 * 0.36 / 3600, within(1e-12));
  }

  @Test
  void projectionAddsTheRemainingStepsAtTheMeasuredThroughputOnTheCurrentSlice() {
    List<TpuHold> gang = List.of(hold(Provisioning.ON_DEMAND, 8, 0, null));
    // 1 h held so far; 14,400 of 20,000 steps left at 2 steps/s = 2 h more; an epoch is 1,000 steps.
    TrainingPace pace = new TrainingPace(5600, 20000, 2.0, 1000, Provisioning.ON_DEMAND, 8);

    CostReport report = CostReport.of(pricing, CostLedger.empty(), gang, T0.plus(Duration.ofHours(1)), pace);

    assertThat(report.soFarUSD()).isCloseTo(8 * 1.20, within(1e-9));
    assertThat(report.projectedUSD()).isCloseTo(8 * 1.20 * 3, within(1e-9));
    assertThat(report.perEpochUSD()).isCloseTo(500.0 * 8 * 1.20 / 3600, within(1e-12));
  }

  @Test
  void projectionAndPerEpochCostAreAbsentUntilThroughputIsMeasured() {
    CostReport report = CostReport.of(pricing, CostLedger.empty(), List.of(), T0, unmeasured);

    assertThat(report.projectedUSD()).isNull();
    assertThat(report.perEpochUSD()).isNull();
    assertThat(report.soFarUSD()).isZero();
  }

  @Test
  void theLedgerSurvivesAnOperatorRestartThroughTheSerializedStatus() {
    CostLedger ledger = CostLedger.empty()
        .release(List.of(hold(Provisioning.SPOT, 4, 0, 90)))
        .preempted(Provisioning.SPOT, 4, new LostProgress(100, 0.5));
    SegmentationTrainingJobStatus status = new SegmentationTrainingJobStatus();
    status.cost = new SegmentationTrainingJobStatus.CostStatus();
    ledger.writeTo(status.cost);
    CostReport.of(pricing, ledger, List.of(), T0, unmeasured).writeTo(status.cost);

    SegmentationTrainingJobStatus reread = Serialization.unmarshal(Serialization.asJson(status), SegmentationTrainingJobStatus.class);

    assertThat(CostLedger.fromStatus(reread.cost)).isEqualTo(ledger);
    assertThat(reread.cost.soFarUSD).isCloseTo(4 * 1.5 * 0.36, within(1e-9));
    assertThat(reread.cost.priceTable).isEqualTo(PriceTable.defaults().label());
  }

  @Test
  void preemptibleTpusReclaimedWithinTheirFirstMinuteAreFree() {
    TpuHold briefPreemptible = new TpuHold(Provisioning.PREEMPTIBLE, 4, T0, T0.plusSeconds(50));
    TpuHold briefSpot = new TpuHold(Provisioning.SPOT, 4, T0, T0.plusSeconds(50));
    TpuHold longerPreemptible = new TpuHold(Provisioning.PREEMPTIBLE, 4, T0, T0.plusSeconds(61));

    assertThat(CostLedger.empty().reclaimed(List.of(briefPreemptible)).released().total()).isZero();
    assertThat(CostLedger.empty().reclaimed(List.of(briefSpot)).released().total()).isEqualTo(200);
    assertThat(CostLedger.empty().reclaimed(List.of(longerPreemptible)).released().total()).isEqualTo(244);
    assertThat(CostLedger.empty().release(List.of(briefPreemptible)).released().total()).isEqualTo(200);
  }

  @Test
  void aGangStillHoldingItsNodesCannotBeClosedIntoTheLedger() {
    assertThatThrownBy(() -> CostLedger.empty().release(List.of(hold(Provisioning.SPOT, 4, 0, null))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not released");
  }

  static TpuHold hold(Provisioning mode, int chips, int fromMinute, Integer releasedMinute) {
    return new TpuHold(mode, chips, T0.plus(Duration.ofMinutes(fromMinute)),
        releasedMinute == null ? null : T0.plus(Duration.ofMinutes(releasedMinute)));
  }

  @Test
  void moneyInTheStatusIsRoundedToAHundredthOfACent() {
    dev.segtpu.api.SegmentationTrainingJobStatus.CostStatus status = new dev.segtpu.api.SegmentationTrainingJobStatus.CostStatus();
    new CostReport("table", ChipSeconds.none(), 0.017514000000000002, java.util.Map.of("spot", 0.01600666666666667), 0.00004999,
        null, 12.345678).writeTo(status);

    org.assertj.core.api.Assertions.assertThat(status.soFarUSD).isEqualTo(0.0175);
    org.assertj.core.api.Assertions.assertThat(status.soFarUSDByProvisioning).containsEntry("spot", 0.016);
    org.assertj.core.api.Assertions.assertThat(status.wastedUSD).isEqualTo(0.0);
    org.assertj.core.api.Assertions.assertThat(status.projectedUSD).isEqualTo(12.3457);
    org.assertj.core.api.Assertions.assertThat(status.perEpochUSD).isNull();
  }
}
