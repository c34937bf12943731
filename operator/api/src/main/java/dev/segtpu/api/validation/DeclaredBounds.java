package dev.segtpu.api.validation;

import dev.segtpu.api.SegmentationTrainingJobSpec;
import dev.segtpu.api.SpecLimits;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.segtpu.tpu.TpuCatalog;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The schema's bounds, checked from the same annotations the CRD generator reads ({@code @Min},
 * {@code @Max}, {@code @Size}, and {@code @Pattern} for the patterns {@link SpecLimits} words), so the
 * operator refuses what the API server refuses without a second list of limits to keep in step.
 *
 * <p>A field whose schema comes from another type ({@code @SchemaFrom}, for the Kubernetes types the
 * trainer section embeds) is checked as that type: its value is converted to it first, so the bounds of
 * {@code BoundedKubernetesTypes} apply to Fabric8's {@code EnvVar} and {@code ResourceRequirements}.
 */
final class DeclaredBounds implements SpecRule {

  private static final String API_PACKAGE = SegmentationTrainingJobSpec.class.getPackageName();
  private static final Map<String, java.util.regex.Pattern> COMPILED = new ConcurrentHashMap<>();
  /** Converts a value to the type its schema comes from; fields that type does not declare are the API server's to prune. */
  private static final ObjectMapper SHAPES = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  @Override
  public void check(SegmentationTrainingJobSpec spec, TpuCatalog catalog, FieldErrors errors) {
    walk("spec", spec, errors);
  }

  private static void walk(String path, Object object, FieldErrors errors) {
    for (Field field : object.getClass().getFields()) {
      if (Modifier.isStatic(field.getModifiers())) {
        continue;
      }
      Object value;
      try {
        value = field.get(object);
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e);
      }
      if (value == null) {
        continue;
      }
      String name = path + "." + field.getName();
      check(name, field, value, errors);
      value = asSchemaType(field, value);
      if (value instanceof List<?> list) {
        for (int i = 0; i < list.size(); i++) {
          if (declared(list.get(i))) {
            walk(name + "[" + i + "]", list.get(i), errors);
          }
        }
      } else if (declared(value)) {
        walk(name, value, errors);
      }
    }
  }

  /** The value as the type the field's schema comes from ({@code @SchemaFrom}); otherwise the value itself. */
  private static Object asSchemaType(Field field, Object value) {
    SchemaFrom from = field.getAnnotation(SchemaFrom.class);
    if (from == null || !from.type().getPackageName().equals(API_PACKAGE)) {
      return value;
    }
    try {
      Object converted = SHAPES.convertValue(value, from.type());
      return converted instanceof Object[] items ? Arrays.asList(items) : converted;
    } catch (IllegalArgumentException e) {
      return value;  // not of the schema's shape: the API server refuses it by type, as the spec's rules do
    }
  }

  /** A section of our API (not an enum, not a Kubernetes type, which the API server checks itself). */
  private static boolean declared(Object value) {
    return value != null && !(value instanceof Enum<?>) && value.getClass().getPackageName().equals(API_PACKAGE);
  }

  private static void check(String name, Field field, Object value, FieldErrors errors) {
    Min min = field.getAnnotation(Min.class);
    Max max = field.getAnnotation(Max.class);
    if (value instanceof Number number && (min != null || max != null)) {
      if (min != null && max != null) {
        errors.range(name, number, min.value(), max.value());
      } else if (min != null) {
        errors.atLeast(name, number, min.value());
      } else if (number.doubleValue() > max.value()) {
        errors.add(name, "must be at most " + FieldErrors.format(max.value()) + ", got " + number);
      }
    }
    Size size = field.getAnnotation(Size.class);
    if (size != null) {
      long length = value instanceof String text ? text.length()
          : value instanceof Collection<?> items ? items.size()
          : value instanceof Map<?, ?> entries ? entries.size() : -1;
      String unit = value instanceof String ? "characters" : "entries";
      if (length >= 0 && length > size.max()) {
        errors.add(name, "has " + length + " " + unit + ", at most " + FieldErrors.format(size.max()) + " are allowed");
        return;
      }
      if (length >= 0 && length < size.min()) {
        errors.add(name, "has " + length + " " + unit + ", at least " + FieldErrors.format(size.min()) + " are needed");
        return;
      }
    }
    Pattern pattern = field.getAnnotation(Pattern.class);
    if (pattern != null && value instanceof String text && !text.isBlank()) {  // blank: the section's rule says what is missing
      SpecLimits.describe(pattern.value()).ifPresent(words -> {
        if (!COMPILED.computeIfAbsent(pattern.value(), java.util.regex.Pattern::compile).matcher(text).matches()) {
          errors.add(name, "'" + FieldErrors.printable(text) + "' is not allowed: use " + words);
        }
      });
    }
  }
}
