package dev.segtpu.operator.status;

/**
 * A Kubernetes Event about a job transition.
 *
 * @param warning type Warning (else Normal)
 * @param reason e.g. Scheduled, Started, Preempted, Restarted, CheckpointRestored, BudgetExceeded, Failed, Succeeded
 */
public record JobEvent(boolean warning, String reason, String message) {

  public static JobEvent normal(String reason, String message) {
    return new JobEvent(false, reason, message);
  }

  public static JobEvent warning(String reason, String message) {
    return new JobEvent(true, reason, message);
  }

  public String type() {
    return warning ? "Warning" : "Normal";
  }
}
