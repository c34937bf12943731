package dev.segtpu.sandbox.apiserver;

import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.api.validation.FieldError;
import dev.segtpu.api.validation.SpecValidator;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Refuses SegmentationTrainingJobs the real API server would refuse, with the same 422 Invalid status
 * naming each field. The rules are the operator's {@link SpecValidator}, which repeats every rule of
 * the CRD schema (types, enums, ranges, patterns, CEL) plus the catalog's.
 */
final class JobAdmission {

  private final SpecValidator validator;

  JobAdmission(SpecValidator validator) {
    this.validator = validator;
  }

  /** A 422 Status when the object must be refused. */
  Optional<Status> review(String json) {
    SegmentationTrainingJob job;
    try {
      job = Serialization.unmarshal(json, SegmentationTrainingJob.class);
    } catch (RuntimeException e) {
      return Optional.of(invalid("unknown", List.of(new FieldError("spec", "cannot be read: " + rootMessage(e)))));
    }
    List<FieldError> errors = validator.validate(job.getSpec());
    if (errors.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(invalid(job.getMetadata() == null ? "unknown" : job.getMetadata().getName(), errors));
  }

  private static Status invalid(String name, List<FieldError> errors) {
    List<StatusCause> causes = errors.stream()
        .map(e -> new StatusCause(e.field(), e.message(), "FieldValueInvalid"))
        .toList();
    String summary = errors.stream().map(e -> e.field() + ": Invalid value: " + e.message())
        .collect(Collectors.joining(", "));
    return new StatusBuilder()
        .withStatus("Failure")
        .withReason("Invalid")
        .withCode(422)
        .withMessage("SegmentationTrainingJob.segtpu.dev \"" + name + "\" is invalid: [" + summary + "]")
        .withNewDetails().withName(name).withGroup("segtpu.dev").withKind("SegmentationTrainingJob")
        .withCauses(causes).endDetails()
        .build();
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage();
  }
}
