package dev.segtpu.operator.gang;

/** How a worker pod, and with it the gang's attempt, ended. */
public enum EndingKind {
  /** The trainer exited 0: training reached its total steps. */
  SUCCEEDED("Succeeded"),
  /**
   * The capacity went away or something other than the operator removed the worker: Spot/preemptible
   * reclaim, node shutdown or loss, eviction, scheduler preemption, external deletion, or a trainer that
   * checkpointed on SIGTERM (exit 42). Never counted against the failure budget.
   */
  PREEMPTED("Preempted"),
  /**
   * The rung of the provisioning ladder in use left a worker without capacity (unschedulable) as long as
   * the next rung's afterUnschedulableSeconds: move onto that rung; counted neither as a preemption nor
   * as a failure.
   */
  NO_CAPACITY("NoCapacity"),
  /** The trainer exited with one of spec.failurePolicy.retryableExitCodes: restart, count nothing. */
  RETRYABLE_EXIT("RetryableExit"),
  /** The trainer's fault: a non-zero exit code or OOMKilled. Counted against the backoff limit. */
  TRAINER_FAILED("TrainerFailed"),
  /**
   * Retrying cannot help: the image cannot be pulled, the trainer exits with a code the contract fails at
   * once ({@link dev.segtpu.contract.TrainerExit.Reaction#FAIL_AT_ONCE}), no node fits.
   */
  CONFIGURATION_FAILED("ConfigurationFailed"),
  /** The operator stopped the attempt itself (suspend, budget, deadline). */
  STOPPED("Stopped");

  private final String value;

  EndingKind(String value) {
    this.value = value;
  }

  /** The spelling in status.lastEnding.kind. */
  public String value() {
    return value;
  }

  public static EndingKind fromValue(String value) {
    for (EndingKind kind : values()) {
      if (kind.value.equals(value)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("unknown ending kind '" + value + "'");
  }

  /** Lower rank wins when workers of one gang end differently (see {@link GangView#ending()}). */
  int precedence() {
    return switch (this) {
      case CONFIGURATION_FAILED -> 0;
      case PREEMPTED -> 1;   // peers of a lost host crash too: the preemption is the cause
      case NO_CAPACITY -> 2;
      case RETRYABLE_EXIT -> 3;
      case TRAINER_FAILED -> 4;
      case STOPPED -> 5;
      case SUCCEEDED -> 6;
    };
  }
}
