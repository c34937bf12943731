package dev.segtpu.operator.status;

/** Reasons of the Events the operator records on a job. */
public final class JobEvents {

  public static final String SCHEDULED = "Scheduled";
  /** The attempt's pods wait at Kueue's admission gate (also the Scheduled condition's reason). */
  public static final String WAITING_FOR_KUEUE = "WaitingForKueueAdmission";
  public static final String STARTED = "Started";
  public static final String PREEMPTED = "Preempted";
  public static final String RESTARTED = "Restarted";
  public static final String CHECKPOINT_RESTORED = "CheckpointRestored";
  public static final String BUDGET_EXCEEDED = "BudgetExceeded";
  public static final String BUDGET_WARNING = "BudgetWarning";
  public static final String FAILED = "Failed";
  public static final String SUCCEEDED = "Succeeded";
  public static final String TRAINER_FAILED = "TrainerFailed";
  public static final String HUNG = "Hung";
  public static final String RETRYABLE_EXIT = "RetryableExit";
  /** The job moved up its provisioning ladder (spec.provisioningLadder, or fallbackToOnDemandAfter). */
  public static final String PROVISIONING_CHANGED = "ProvisioningChanged";
  public static final String SUSPENDED = "Suspended";
  public static final String RESUMED = "Resumed";
  public static final String INVALID_SPEC = "InvalidSpec";
  public static final String SPEC_CHANGE_REJECTED = "SpecChangeRejected";
  /** The stored spec has fields this operator does not know; they are ignored. */
  public static final String UNKNOWN_FIELDS = "UnknownFields";
  /** The stored status cannot be read; the operator leaves the job alone until it is fixed. */
  public static final String UNREADABLE_STATUS = "UnreadableStatus";
  /** Worker 0's GET /status answer was too large, too slow or not a report; it counts as no report. */
  public static final String TRAINER_STATUS_REJECTED = "TrainerStatusRejected";

  private JobEvents() {}
}
