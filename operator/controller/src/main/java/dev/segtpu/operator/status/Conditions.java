package dev.segtpu.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Kubernetes-style conditions on the job status. {@code lastTransitionTime} changes only when a
 * condition's status flips, so rewriting the same condition is not a change.
 */
public final class Conditions {

  public static final String VALID = "Valid";
  public static final String SPEC_APPLIED = "SpecApplied";
  public static final String SCHEDULED = "Scheduled";
  public static final String RUNNING = "Running";
  /** False while the API server refuses to create the attempt's workers or Service (set by the act step). */
  public static final String WORKERS_CREATED = "WorkersCreated";
  public static final String SUSPENDED = "Suspended";
  /** True from a hang until the restarted attempt's step counter moves on. */
  public static final String HUNG = "Hung";
  public static final String BUDGET_WARNING = "BudgetWarning";
  public static final String SUCCEEDED = "Succeeded";
  public static final String FAILED = "Failed";

  private Conditions() {}

  /** Sets (or adds) a condition; returns true when its status flipped or it is new. */
  public static boolean set(List<Condition> conditions, String type, boolean status, String reason, String message,
                            Long generation, Instant now) {
    String value = status ? "True" : "False";
    Optional<Condition> existing = find(conditions, type);
    if (existing.isPresent()) {
      Condition condition = existing.get();
      boolean flipped = !value.equals(condition.getStatus());
      if (flipped) {
        condition.setLastTransitionTime(now.toString());
      }
      condition.setStatus(value);
      condition.setReason(reason);
      condition.setMessage(message);
      condition.setObservedGeneration(generation);
      return flipped;
    }
    conditions.add(new ConditionBuilder()
        .withType(type).withStatus(value).withReason(reason).withMessage(message)
        .withObservedGeneration(generation).withLastTransitionTime(now.toString())
        .build());
    return true;
  }

  public static Optional<Condition> find(List<Condition> conditions, String type) {
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  public static boolean isTrue(List<Condition> conditions, String type) {
    return find(conditions, type).map(c -> "True".equals(c.getStatus())).orElse(false);
  }

  public static void remove(List<Condition> conditions, String type) {
    conditions.removeIf(c -> type.equals(c.getType()));
  }
}
