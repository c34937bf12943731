package dev.segtpu.operator.plan;

/** The request cannot be planned (no slice fits, nothing meets the deadline); the message says what to change. */
public final class PlanError extends IllegalArgumentException {

  public PlanError(String message) {
    super(message);
  }
}
