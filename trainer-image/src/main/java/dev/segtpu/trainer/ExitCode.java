package dev.segtpu.trainer;

/** The trainer's exit codes (docs/trainer-contract.md). */
public final class ExitCode {

  /** Reached the total step count; final checkpoint, export and metrics written. */
  public static final int SUCCEEDED = 0;
  /** Any other failure: retried by the operator with backoff. */
  public static final int FAILED = 1;
  /** Bad, unknown or contradictory settings: not retried. */
  public static final int CONFIGURATION_ERROR = 2;
  /** A newer attempt owns the checkpoint directory. */
  public static final int FENCED = 3;
  /** Stopped on SIGTERM after writing a checkpoint: a preemption, restarted from the checkpoint. */
  public static final int CHECKPOINTED_ON_SIGTERM = 42;

  private ExitCode() {}
}
