package dev.segtpu.sandbox.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.util.List;

/**
 * The size limits of a structural schema: an integer's {@code format} (int32, int64), {@code maxLength}
 * and {@code minLength} of strings (in characters), {@code maxItems}/{@code minItems} of arrays and
 * {@code maxProperties}/{@code minProperties} of maps. Without them a value the operator's Java types
 * cannot hold (an int32 field given 3000000000) or that no kubelet could use would be stored, and the
 * informer, not the client, would find out. Refusals are worded as kube-apiserver words them.
 */
final class Bounds {

  private Bounds() {}

  /** Adds a violation per limit {@code value} (already of the schema's type) breaks. */
  static void check(JsonNode value, JSONSchemaProps schema, String path, List<SchemaAdmission.Violation> violations) {
    if (value.isIntegralNumber() && "int32".equals(schema.getFormat()) && !value.canConvertToInt()) {
      violations.add(new SchemaAdmission.Violation(path, "FieldValueTypeInvalid",
          "Invalid value: " + value + ": " + path + " in body must be of type int32"));
    }
    if (value.isIntegralNumber() && "int64".equals(schema.getFormat()) && !value.canConvertToLong()) {
      violations.add(new SchemaAdmission.Violation(path, "FieldValueTypeInvalid",
          "Invalid value: " + value + ": " + path + " in body must be of type int64"));
    }
    if (value.isTextual()) {
      int length = value.asText().codePointCount(0, value.asText().length());
      if (schema.getMaxLength() != null && length > schema.getMaxLength()) {
        violations.add(new SchemaAdmission.Violation(path, "FieldValueTooLong",
            "Too long: may not be more than " + schema.getMaxLength() + (schema.getMaxLength() == 1 ? " byte" : " bytes")));
      }
      if (schema.getMinLength() != null && length < schema.getMinLength()) {
        violations.add(new SchemaAdmission.Violation(path, "FieldValueInvalid", "Invalid value: \"" + value.asText()
            + "\": " + path + " in body should be at least " + schema.getMinLength() + " chars long"));
      }
    }
    if (value.isArray()) {
      tooMany(value.size(), schema.getMaxItems(), path, violations);
      tooFew(value, schema.getMinItems(), "items", path, violations);
    }
    if (value.isObject()) {
      tooMany(value.size(), schema.getMaxProperties(), path, violations);
      tooFew(value, schema.getMinProperties(), "properties", path, violations);
    }
  }

  private static void tooMany(int size, Long max, String path, List<SchemaAdmission.Violation> violations) {
    if (max != null && size > max) {
      violations.add(new SchemaAdmission.Violation(path, "FieldValueTooMany",
          "Too many: " + size + ": must have at most " + max + " items"));
    }
  }

  private static void tooFew(JsonNode value, Long min, String what, String path,
      List<SchemaAdmission.Violation> violations) {
    if (min != null && value.size() < min) {
      violations.add(new SchemaAdmission.Violation(path, "FieldValueInvalid",
          "Invalid value: " + value + ": " + path + " in body should have at least " + min + " " + what));
    }
  }
}
