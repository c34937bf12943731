package dev.segtpu.operator.figures.cost;

import dev.segtpu.api.BudgetSpec;
import java.util.Locale;
import java.util.Optional;

/** A job's spending limit ({@code spec.budget.maxCostUSD}). */
public record Budget(double maxCostUSD) {

  /** Share of the budget at which the job warns. */
  public static final double WARN_FRACTION = 0.8;

  public Budget {
    if (!(maxCostUSD >= 0)) {
      throw new IllegalArgumentException("spec.budget.maxCostUSD must be >= 0, got " + maxCostUSD);
    }
  }

  public static Optional<Budget> of(BudgetSpec spec) {
    return spec == null || spec.maxCostUSD == null ? Optional.empty() : Optional.of(new Budget(spec.maxCostUSD));
  }

  public BudgetVerdict judge(double spentUSD) {
    if (spentUSD >= maxCostUSD) {
      return BudgetVerdict.EXCEEDED;
    }
    return spentUSD >= WARN_FRACTION * maxCostUSD ? BudgetVerdict.WARN : BudgetVerdict.OK;
  }

  /** For condition messages and events, e.g. "spent $41.20 of $50.00 (82 %), priced with gcp-list-us-2026-11 (2026-11-01)". */
  public String describe(CostReport cost) {
    return String.format(Locale.ROOT, "spent $%.2f of $%.2f (%.0f %%), priced with %s",
        cost.soFarUSD(), maxCostUSD, maxCostUSD == 0 ? 100.0 : 100 * cost.soFarUSD() / maxCostUSD, cost.priceTable());
  }
}
