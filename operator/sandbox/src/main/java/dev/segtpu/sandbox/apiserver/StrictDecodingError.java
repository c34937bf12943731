package dev.segtpu.sandbox.apiserver;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The answer kube-apiserver gives a {@code fieldValidation=Strict} write carrying fields the schema does
 * not declare: 400 BadRequest (a decoding error, not 422 Invalid), naming every field. A create or
 * update is worded as a failed decode of the kind; a patch as the bare strict decoding error.
 */
final class StrictDecodingError {

  private StrictDecodingError() {}

  static Status of(List<String> unknownFields, String kind, String version, boolean patch) {
    String errors = "strict decoding error: " + unknownFields.stream()
        .map(field -> "unknown field \"" + field + "\"").collect(Collectors.joining(", "));
    String message = patch ? errors
        : kind + " in version \"" + version + "\" cannot be handled as a " + kind + ": " + errors;
    return new StatusBuilder()
        .withStatus("Failure").withReason("BadRequest").withCode(400).withMessage(message)
        .build();
  }
}
