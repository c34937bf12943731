package dev.segtpu.operator.status;

/** Reasons of the Events the operator records on a job. */
public final class JobEvents {

  public static final String SCHEDULED = "Scheduled";
  public static final String STARTED = "Started";
  public static final String PREEMPTED = "Preempted";
  public static final String RESTARTED = "Restarted";
  public static final String CHECKPOINT_RESTORED = "CheckpointRestored";
  public static final String BUDGET_EXCEEDED = "BudgetExceeded";
  public static final String BUDGET_WARNING = "BudgetWarning";
  public static final String FAILED = "Failed";
  public static final String SUCCEEDED = "Succeeded";
  public static final String TRAINER_FAILED = "TrainerFailed";
  public static final String RETRYABLE_EXIT = "RetryableExit";
  public static final String FALLBACK_TO_ON_DEMAND = "FallbackToOnDemand";
  public static final String SUSPENDED = "Suspended";
  public static final String RESUMED = "Resumed";
  public static final String INVALID_SPEC = "InvalidSpec";
  public static final String SPEC_CHANGE_REJECTED = "SpecChangeRejected";

  private JobEvents() {}
}
