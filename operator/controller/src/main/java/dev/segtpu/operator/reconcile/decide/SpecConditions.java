package dev.segtpu.operator.reconcile.decide;

import dev.segtpu.api.validation.FieldError;
import dev.segtpu.operator.reconcile.observe.SpecGate;
import dev.segtpu.operator.status.Conditions;
import dev.segtpu.operator.status.JobEvent;
import dev.segtpu.operator.status.JobEvents;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The Valid and SpecApplied conditions from the spec gate's verdict, and a Warning event when one of
 * them turns false or its message changes (so a repeated reconcile of the same bad edit stays quiet).
 */
final class SpecConditions {

  private SpecConditions() {}

  /** Sets both conditions in {@code conditions}; returns the events to record. */
  static List<JobEvent> apply(SpecGate.Verdict verdict, List<Condition> conditions, Long generation, Instant now) {
    List<JobEvent> events = new ArrayList<>();
    if (verdict.valid() && !verdict.unknownFields().isEmpty()) {
      String message = "the spec passed validation; ignored " + String.join(", ", verdict.unknownFields())
          + ": unknown to this operator (written under a newer CRD, or a typo)";
      boolean changed = !Conditions.find(conditions, Conditions.VALID).map(c -> message.equals(c.getMessage())).orElse(false);
      Conditions.set(conditions, Conditions.VALID, true, "UnknownFieldsIgnored", message, generation, now);
      if (changed) {
        events.add(JobEvent.warning(JobEvents.UNKNOWN_FIELDS, message));
      }
    } else if (verdict.valid()) {
      Conditions.set(conditions, Conditions.VALID, true, "SpecValid", "the spec passed validation", generation, now);
    } else {
      invalid(conditions, "the last edit is invalid and is not applied: " + describe(verdict.errors()), generation, now)
          .ifPresent(events::add);
    }
    if (verdict.rejectedChanges().isEmpty()) {
      if (Conditions.find(conditions, Conditions.SPEC_APPLIED).isPresent()) {
        Conditions.set(conditions, Conditions.SPEC_APPLIED, true, "SpecApplied", "the spec as written is in effect",
            generation, now);
      }
    } else {
      String message = String.join(", ", verdict.rejectedChanges()) + " cannot change after the job started; "
          + "the job keeps running with the values it started with: revert the change, or create a new job";
      if (setFalse(conditions, Conditions.SPEC_APPLIED, "ImmutableFieldChanged", message, generation, now)) {
        events.add(JobEvent.warning(JobEvents.SPEC_CHANGE_REJECTED, message));
      }
    }
    return events;
  }

  /** Valid=False with {@code message}; the InvalidSpec event unless the condition already said so. */
  static Optional<JobEvent> invalid(List<Condition> conditions, String message, Long generation, Instant now) {
    return setFalse(conditions, Conditions.VALID, "InvalidSpec", message, generation, now)
        ? Optional.of(JobEvent.warning(JobEvents.INVALID_SPEC, message))
        : Optional.empty();
  }

  static String describe(List<FieldError> errors) {
    return errors.stream().map(FieldError::toString).collect(Collectors.joining("; "));
  }

  /** Sets the condition false; whether it was not already false with this message. */
  private static boolean setFalse(List<Condition> conditions, String type, String reason, String message, Long generation,
                                  Instant now) {
    boolean changed = !Conditions.find(conditions, type)
        .map(c -> "False".equals(c.getStatus()) && message.equals(c.getMessage())).orElse(false);
    Conditions.set(conditions, type, false, reason, message, generation, now);
    return changed;
  }
}
