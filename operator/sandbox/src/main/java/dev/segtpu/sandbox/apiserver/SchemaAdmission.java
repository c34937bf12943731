package dev.segtpu.sandbox.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import dev.cel.runtime.CelEvaluationException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Validates a custom resource against its CRD's structural schema — types, enums, minimums and
 * maximums, patterns, required fields, and the sizes {@link Bounds} checks — and its CEL rules, and words refusals like the API server:
 * a 422 Invalid status with one cause per field.
 */
final class SchemaAdmission {

  /** One violation, with the field's path as the API server writes it (spec.tpu.topology). */
  record Violation(String field, String reason, String message) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final CelRules cel = new CelRules();

  /** A 422 Status when the object violates the schema of the CRD version it names. */
  Optional<Status> review(String body, CustomResourceDefinition crd, String version) {
    JsonNode object;
    try {
      object = JSON.readTree(body);
    } catch (IOException e) {
      return Optional.of(invalid(crd, "unknown", List.of(new Violation("", "FieldValueInvalid", "body is not JSON"))));
    }
    JSONSchemaProps schema = crd.getSpec().getVersions().stream().filter(v -> v.getName().equals(version)).findFirst()
        .map(v -> v.getSchema().getOpenAPIV3Schema()).orElse(null);
    if (schema == null) {
      return Optional.empty();
    }
    List<Violation> violations = new ArrayList<>();
    JsonNode spec = object.path("spec");
    JSONSchemaProps specSchema = schema.getProperties() == null ? null : schema.getProperties().get("spec");
    if (specSchema != null && !spec.isMissingNode()) {
      validate(spec, specSchema, "spec", violations);
    }
    if (violations.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(invalid(crd, object.path("metadata").path("name").asText("unknown"), violations));
  }

  List<Violation> validate(JsonNode value, JSONSchemaProps schema, String path) {
    List<Violation> violations = new ArrayList<>();
    validate(value, schema, path, violations);
    return violations;
  }

  private void validate(JsonNode value, JSONSchemaProps schema, String path, List<Violation> violations) {
    int before = violations.size();
    if (!typeMatches(value, schema)) {
      // An integer literal beyond int64 decodes to a float in the API server, hence "number".
      String actual = value.isIntegralNumber() ? "number" : value.asText();
      violations.add(new Violation(path, "FieldValueTypeInvalid", "Invalid value: \"" + actual
          + "\": " + path + " in body must be of type " + schema.getType()));
      return;
    }
    Bounds.check(value, schema, path, violations);
    if (schema.getEnum() != null && !schema.getEnum().isEmpty() && schema.getEnum().stream().noneMatch(value::equals)) {
      violations.add(new Violation(path, "FieldValueNotSupported", "Unsupported value: " + value + ": supported values: "
          + schema.getEnum().stream().map(JsonNode::toString).collect(Collectors.joining(", "))));
    }
    if (value.isNumber() && schema.getMinimum() != null && value.asDouble() < schema.getMinimum()) {
      violations.add(new Violation(path, "FieldValueInvalid", "Invalid value: " + value + ": " + path
          + " in body should be greater than or equal to " + trim(schema.getMinimum())));
    }
    if (value.isNumber() && schema.getMaximum() != null && value.asDouble() > schema.getMaximum()) {
      violations.add(new Violation(path, "FieldValueInvalid", "Invalid value: " + value + ": " + path
          + " in body should be less than or equal to " + trim(schema.getMaximum())));
    }
    if (value.isTextual() && schema.getPattern() != null && !Pattern.compile(schema.getPattern()).matcher(value.asText()).find()) {
      violations.add(new Violation(path, "FieldValueInvalid", "Invalid value: \"" + value.asText() + "\": " + path
          + " in body should match '" + schema.getPattern() + "'"));
    }
    if (value.isObject()) {
      if (schema.getRequired() != null) {
        for (String required : schema.getRequired()) {
          if (!value.hasNonNull(required)) {
            violations.add(new Violation(path + "." + required, "FieldValueRequired", "Required value"));
          }
        }
      }
      Map<String, JSONSchemaProps> properties = schema.getProperties();
      if (properties != null) {
        value.fields().forEachRemaining(field -> {
          JSONSchemaProps property = properties.get(field.getKey());
          if (property != null && !field.getValue().isNull()) {
            validate(field.getValue(), property, path + "." + field.getKey(), violations);
          }
        });
      }
      if (schema.getAdditionalProperties() != null && schema.getAdditionalProperties().getSchema() != null) {
        value.fields().forEachRemaining(field -> validate(field.getValue(),
            schema.getAdditionalProperties().getSchema(), path + "[" + field.getKey() + "]", violations));
      }
    }
    if (value.isArray() && schema.getItems() != null && schema.getItems().getSchema() != null) {
      for (int i = 0; i < value.size(); i++) {
        validate(value.get(i), schema.getItems().getSchema(), path + "[" + i + "]", violations);
      }
    }
    // Like the API server, CEL rules run on values that passed the structural checks.
    if (violations.size() == before && schema.getXKubernetesValidations() != null) {
      for (ValidationRule rule : schema.getXKubernetesValidations()) {
        checkRule(value, rule, path, violations);
      }
    }
  }

  private void checkRule(JsonNode value, ValidationRule rule, String path, List<Violation> violations) {
    String field = rule.getFieldPath() == null || rule.getFieldPath().isEmpty() ? path : path + rule.getFieldPath();
    try {
      if (!cel.holds(rule.getRule(), value)) {
        String message = rule.getMessage() == null || rule.getMessage().isEmpty()
            ? "failed rule: " + rule.getRule() : rule.getMessage();
        violations.add(new Violation(field, "FieldValueInvalid", "Invalid value: \"object\": " + message));
      }
    } catch (CelEvaluationException e) {
      violations.add(new Violation(field, "FieldValueInvalid", "Invalid value: \"object\": rule evaluation error: "
          + e.getMessage()));
    }
  }

  private static boolean typeMatches(JsonNode value, JSONSchemaProps schema) {
    if (Boolean.TRUE.equals(schema.getXKubernetesIntOrString())) {
      return (value.isIntegralNumber() && value.canConvertToLong()) || value.isTextual();
    }
    String type = schema.getType();
    if (type == null) {
      return true;
    }
    return switch (type) {
      case "object" -> value.isObject();
      case "array" -> value.isArray();
      case "string" -> value.isTextual();
      case "integer" -> value.isIntegralNumber() && value.canConvertToLong();
      case "number" -> value.isNumber();
      case "boolean" -> value.isBoolean();
      default -> true;
    };
  }

  private static String trim(double number) {
    return number == Math.rint(number) ? String.valueOf((long) number) : String.valueOf(number);
  }

  private static Status invalid(CustomResourceDefinition crd, String name, List<Violation> violations) {
    String kind = crd.getSpec().getNames().getKind();
    String group = crd.getSpec().getGroup();
    List<StatusCause> causes = violations.stream()
        .map(v -> new StatusCause(v.field(), v.message(), v.reason())).toList();
    String summary = violations.stream().map(v -> v.field() + ": " + v.message()).collect(Collectors.joining(", "));
    return new StatusBuilder()
        .withStatus("Failure").withReason("Invalid").withCode(422)
        .withMessage(kind + "." + group + " \"" + name + "\" is invalid: [" + summary + "]")
        .withNewDetails().withName(name).withGroup(group).withKind(kind).withCauses(causes).endDetails()
        .build();
  }
}
