package dev.segtpu.api;

/** Where a job is in its life. Succeeded and Failed are final. */
public enum Phase {
  /** Accepted; no worker pod exists yet. */
  Pending,
  /** Worker pods of the current attempt exist and wait for TPU nodes. */
  Scheduling,
  /** Every worker of the gang runs. */
  Running,
  /** The gang was lost (preemption or failure) and a new attempt is being prepared. */
  Restarting,
  /** Suspended by the user, Kueue or the budget; resumes from the latest checkpoint. */
  Suspended,
  Succeeded,
  Failed;

  public boolean finished() {
    return this == Succeeded || this == Failed;
  }
}
