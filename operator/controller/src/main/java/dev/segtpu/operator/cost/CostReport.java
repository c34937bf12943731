package dev.segtpu.operator.cost;

import dev.segtpu.api.SegmentationTrainingJobStatus.CostStatus;
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

  public void writeTo(CostStatus status) {
    status.priceTable = priceTable;
    status.chipHours = chipSeconds.chipHours();
    status.chipSecondsByProvisioning = chipSeconds.toStatus();
    status.soFarUSD = soFarUSD;
    status.soFarUSDByProvisioning = soFarUSDByProvisioning;
    status.wastedUSD = wastedUSD;
    status.perEpochUSD = perEpochUSD;
    status.projectedUSD = projectedUSD;
  }
}
