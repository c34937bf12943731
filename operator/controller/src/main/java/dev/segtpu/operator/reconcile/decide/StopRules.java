package dev.segtpu.operator.reconcile.decide;

import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.api.SegmentationTrainingJobSpec;
import dev.segtpu.api.SegmentationTrainingJobStatus;
import dev.segtpu.operator.figures.cost.Budget;
import dev.segtpu.operator.figures.cost.BudgetVerdict;
import dev.segtpu.operator.status.Timestamps;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Why a job's gang must not run now, if it must not: the active deadline (fatal), spec.suspend and the
 * cost budget (these suspend it). Pure: the clock is an input. Kueue's admission is not one of them: a
 * queued job's pods wait at Kueue's scheduling gate (see {@code GangNames.KUEUE_QUEUE_LABEL}).
 */
final class StopRules {

  /** A reason to stop the gang: fatal ones fail the job, the others suspend it. */
  record Stop(boolean fatal, String reason, String message) {}

  /** {@code status} is the status being decided (its start time, cost and price table). */
  Optional<Stop> stop(SegmentationTrainingJob job, SegmentationTrainingJobSpec spec, SegmentationTrainingJobStatus status,
                      Instant now) {
    if (deadline(spec, status).filter(deadline -> !now.isBefore(deadline)).isPresent()) {
      return Optional.of(new Stop(true, "DeadlineExceeded", "the job ran longer than spec.activeDeadlineSeconds ("
          + spec.activeDeadlineSeconds + " s) since its first start"));
    }
    if (spec.suspended()) {
      return Optional.of(new Stop(false, "Suspended", "spec.suspend is true; set it to false to resume from the latest checkpoint"));
    }
    if (budgetVerdict(spec, status) == BudgetVerdict.EXCEEDED) {
      return Optional.of(new Stop(false, "BudgetExceeded", String.format(Locale.ROOT,
          "spent %s USD of spec.budget.maxCostUSD %s USD (%s); raise the limit to resume from the latest checkpoint",
          usd(status.cost.soFarUSD), usd(spec.budget.maxCostUSD),
          status.cost.priceTable == null ? "price table unknown" : status.cost.priceTable)));
    }
    return Optional.empty();
  }

  /** The budget judged on the cost last written (the figures of this decision come after the rules); OK without a budget or a cost figure. */
  static BudgetVerdict budgetVerdict(SegmentationTrainingJobSpec spec, SegmentationTrainingJobStatus status) {
    Double spent = status.cost == null ? null : status.cost.soFarUSD;
    return spent == null ? BudgetVerdict.OK : Budget.of(spec.budget).map(b -> b.judge(spent)).orElse(BudgetVerdict.OK);
  }

  /** When the active deadline runs out, if the job has one and has started. */
  static Optional<Instant> deadline(SegmentationTrainingJobSpec spec, SegmentationTrainingJobStatus status) {
    Long deadline = spec.activeDeadlineSeconds;
    Instant started = Timestamps.parseOrNull(status.startTime);
    return deadline == null || started == null ? Optional.empty() : Optional.of(started.plusSeconds(deadline));
  }

  /** Cents, or two significant digits for amounts below a cent (small test budgets). */
  static String usd(double amount) {
    return String.format(Locale.ROOT, amount == 0 || Math.abs(amount) >= 0.01 ? "%.2f" : "%.2g", amount);
  }
}
