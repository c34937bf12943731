package dev.segtpu.operator.figures.cost;

import dev.segtpu.api.SegmentationTrainingJobStatus.CostStatus;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/**
 * A job's TPU cost as the status shows it. Every figure is priced with the table named in
 * {@code priceTable}.
 *
 * @param perEpochUSD null when throughput or dataset size is unknown
 * @param projectedUSD spent so far plus the remaining steps at the measured throughput on the current
 *     slice; null until throughput is measured. A floor: it adds no future preemptions or badput.
 */
public record CostReport(String priceTable, ChipSeconds chipSeconds, double soFarUSD,
                         Map<String, Double> soFarUSDByProvisioning, double wastedUSD,
                         Double perEpochUSD, Double projectedUSD) {

  /**
   * Prices released attempts (from the ledger) plus the running gang's holds up to {@code now}.
   */
  public static CostReport of(Pricing pricing, CostLedger ledger, Collection<TpuHold> runningGang,
                              Instant now, TrainingPace pace) {
    ChipSeconds held = ledger.released();
    for (TpuHold hold : runningGang) {
      held = held.plus(hold.chipSeconds(now));
    }
    double soFar = pricing.usd(held);
    Double perEpoch = pace.measured() && pace.stepsPerEpoch() > 0
        ? pricing.usd(pace.chipSecondsFor(pace.stepsPerEpoch())) : null;
    Double projected = pace.measured() ? soFar + pricing.usd(pace.chipSecondsFor(pace.remainingSteps())) : null;
    return new CostReport(pricing.label(), held, soFar, pricing.usdByProvisioning(held),
        pricing.usd(ledger.wasted()), perEpoch, projected);
  }

  /**
   * Writes the figures a person reads (dollars, chip-hours) rounded to four decimals: a hundredth of a
   * cent keeps a sandbox job's few cents readable ({@code 0.0175}, not {@code 0.017514000000000002}) and
   * moves no budget decision by more than that. The chip-seconds the ledger adds up stay exact.
   */
  public void writeTo(CostStatus status) {
    status.priceTable = priceTable;
    status.chipHours = round(chipSeconds.chipHours());
    status.chipSecondsByProvisioning = chipSeconds.toStatus();
    status.soFarUSD = round(soFarUSD);
    status.soFarUSDByProvisioning = soFarUSDByProvisioning == null ? null : soFarUSDByProvisioning.entrySet().stream()
        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> round(e.getValue()), (a, b) -> a, java.util.TreeMap::new));
    status.wastedUSD = round(wastedUSD);
    status.perEpochUSD = perEpochUSD == null ? null : round(perEpochUSD);
    status.projectedUSD = projectedUSD == null ? null : round(projectedUSD);
  }

  /** A figure a person reads, rounded as {@link #writeTo} rounds them (four decimals); every money figure in the status is. */
  public static double round(double figure) {
    return Double.isFinite(figure) ? BigDecimal.valueOf(figure).setScale(4, RoundingMode.HALF_UP).doubleValue() : figure;
  }
}
