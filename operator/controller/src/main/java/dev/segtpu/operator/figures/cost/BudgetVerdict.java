package dev.segtpu.operator.figures.cost;

/** How a job's spend compares with its budget. The reconciler turns WARN into a BudgetWarning condition and event, EXCEEDED into checkpoint-then-stop with reason BudgetExceeded. */
public enum BudgetVerdict {
  /** No budget, or under 80 % of it. */
  OK,
  /** At least 80 % spent. */
  WARN,
  /** At least 100 % spent. */
  EXCEEDED
}
