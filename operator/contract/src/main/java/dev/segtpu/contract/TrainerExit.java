package dev.segtpu.contract;

import java.util.Optional;

/**
 * What each trainer exit code means and what the operator does about it: the table in
 * docs/trainer-contract.md, as code. The trainer exits with {@link #code()}; the operator classifies a
 * worker's exit with {@link #of(int)}. Codes not listed are trainer failures, retried with backoff.
 */
public enum TrainerExit {
  SUCCEEDED(TrainerContract.EXIT_SUCCEEDED, Reaction.SUCCEED, "Completed",
      "training reached SEGTPU_TOTAL_STEPS; final checkpoint, evaluation and export written"),
  FAILED(TrainerContract.EXIT_FAILED, Reaction.RETRY_WITH_BACKOFF, "ExitCode",
      "any other failure (also any code not in this table)"),
  CONFIGURATION_ERROR(TrainerContract.EXIT_CONFIGURATION_ERROR, Reaction.FAIL_AT_ONCE, "TrainerConfigurationError",
      "bad or contradictory settings"),
  FENCED(TrainerContract.EXIT_FENCED, Reaction.FAIL_AT_ONCE, "Fenced",
      "a newer attempt owns the checkpoint directory. The operator has already replaced a stale attempt and does not "
          + "look at its exit; when the current attempt exits 3, something else writes the job's checkpoints"),
  DATA_ERROR(TrainerContract.EXIT_DATA_ERROR, Reaction.FAIL_AT_ONCE, "TrainerDataError",
      "the dataset cannot be used: missing directory, a file pattern matching nothing, a corrupt or malformed record"),
  CHECKPOINT_UNRESTORABLE(TrainerContract.EXIT_CHECKPOINT_UNRESTORABLE, Reaction.FAIL_AT_ONCE, "CheckpointUnrestorable",
      "committed checkpoints exist but none restores, and SEGTPU_CHECKPOINT_ON_UNRESTORABLE is not start-over"),
  PEER_LOST(TrainerContract.EXIT_PEER_LOST, Reaction.RETRY_WITH_BACKOFF, "PeerLost",
      "a multi-host worker lost a peer (it never appeared, died, or stopped answering during a collective)"),
  CHECKPOINTED_ON_SIGTERM(TrainerContract.EXIT_CHECKPOINTED_ON_SIGTERM, Reaction.RESTART_FROM_CHECKPOINT,
      "CheckpointedOnSigterm", "stopped on SIGTERM after writing a checkpoint");

  /** The operator's reaction to an exit of the current attempt's worker. */
  public enum Reaction {
    /** The job succeeds when every worker exits so. */
    SUCCEED,
    /** A preemption (or the operator's own stop): restart from the checkpoint; never counts as a failure. */
    RESTART_FROM_CHECKPOINT,
    /** The job fails at once, without retries: the same spec or data fails the same way again. */
    FAIL_AT_ONCE,
    /** Counted against spec.failurePolicy.backoffLimit and retried with backoff. */
    RETRY_WITH_BACKOFF
  }

  private final int code;
  private final Reaction reaction;
  private final String reason;
  private final String meaning;

  TrainerExit(int code, Reaction reaction, String reason, String meaning) {
    this.code = code;
    this.reaction = reaction;
    this.reason = reason;
    this.meaning = meaning;
  }

  public int code() {
    return code;
  }

  public Reaction reaction() {
    return reaction;
  }

  /** The reason the operator gives the job's condition and event. */
  public String reason() {
    return reason;
  }

  public String meaning() {
    return meaning;
  }

  /** The listed meaning of {@code code}; empty for a code the contract does not list (a trainer failure). */
  public static Optional<TrainerExit> of(int code) {
    for (TrainerExit exit : values()) {
      if (exit.code == code) {
        return Optional.of(exit);
      }
    }
    return Optional.empty();
  }
}
