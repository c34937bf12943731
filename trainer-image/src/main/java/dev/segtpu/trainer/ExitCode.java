package dev.segtpu.trainer;

/**
 * The trainer's exit codes (docs/trainer-contract.md). The values mirror segtpu-api's TrainerContract.EXIT_*,
 * which this module does not depend on (the image carries no operator classes).
 */
public final class ExitCode {

  /** Reached the total step count; final checkpoint, export and metrics written. */
  public static final int SUCCEEDED = 0;
  /** Any other failure: retried by the operator with backoff. */
  public static final int FAILED = 1;
  /** Bad, unknown or contradictory settings: not retried. */
  public static final int CONFIGURATION_ERROR = 2;
  /** A newer attempt owns the checkpoint directory. */
  public static final int FENCED = 3;
  /**
   * The dataset cannot be used (missing directory, pattern matching nothing, corrupt or malformed record):
   * not retried, the next attempt would read the same files.
   */
  public static final int DATA_ERROR = 4;
  /**
   * Committed checkpoints exist but none restores, and SEGTPU_CHECKPOINT_ON_UNRESTORABLE is not
   * start-over: not retried, since starting from step 0 would let keep-N delete the evidence.
   */
  public static final int CHECKPOINT_UNRESTORABLE = 5;
  /** Stopped on SIGTERM after writing a checkpoint: a preemption, restarted from the checkpoint. */
  public static final int CHECKPOINTED_ON_SIGTERM = 42;

  private ExitCode() {}
}
