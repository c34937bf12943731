package dev.segtpu.operator.reconcile.decide;

/**
 * Whether the decided status is written, and why: part of the decision, so the act step writes what
 * it is told and decides nothing ({@link StatusRefresh} holds the rule).
 */
public enum StatusWrite {
  /** The job has no status yet. */
  FIRST(true, "the job has no status yet"),
  /** A field anyone acts on changed (phase, conditions, progress, checkpoint, attempt, ...). */
  CHANGED(true, "a field anyone acts on changed"),
  /** Only clock-driven figures changed, and the last write is a refresh period old. */
  REFRESH(true, "only the clock-driven figures changed and the last write is a refresh period old"),
  /** Only clock-driven figures changed, and the last write is recent. */
  RECENT(false, "only the clock-driven figures changed and the last write is recent"),
  /** The decided status is the one written. */
  UNCHANGED(false, "the decided status is the one written");

  private final boolean write;
  private final String why;

  StatusWrite(boolean write, String why) {
    this.write = write;
    this.why = why;
  }

  public boolean write() {
    return write;
  }

  public String why() {
    return why;
  }
}
