package dev.segtpu.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every value a job author writes is bounded by the CRD schema, so kube-apiserver refuses what the
 * operator's Java types could not hold (an unbounded integer is stored as int64 there) and nothing
 * unbounded reaches a mount option, a path or a command line.
 */
class SchemaBoundsTest {

  /** Kubernetes' own types inside the spec: the API server bounds these itself. */
  private static final Set<String> KUBERNETES_TYPES = Set.of("spec.trainer.env", "spec.trainer.resources");

  @Test
  void everyNumberStringAndListInTheSpecIsBounded() throws IOException {
    CustomResourceDefinition crd = Serialization.unmarshal(Files.readString(CustomResourceDefinitionTest.COMMITTED),
        CustomResourceDefinition.class);
    JSONSchemaProps spec = crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema().getProperties().get("spec");
    List<String> unbounded = new ArrayList<>();
    List<String> checked = new ArrayList<>();

    walk("spec", spec, unbounded, checked);

    assertThat(unbounded).as("fields without bounds").isEmpty();
    assertThat(checked).as("the walk reached the leaves").contains("spec.model.outputStride", "spec.training.seed",
        "spec.dataset.source.gcs.path", "spec.trainer.args", "spec.checkpoint.resumeFrom.jobName");
  }

  @Test
  void outputStrideIsBoundedToWhatDeepLabAccepts() throws IOException {
    CustomResourceDefinition crd = Serialization.unmarshal(Files.readString(CustomResourceDefinitionTest.COMMITTED),
        CustomResourceDefinition.class);
    JSONSchemaProps model = crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema().getProperties().get("spec")
        .getProperties().get("model");

    JSONSchemaProps stride = model.getProperties().get("outputStride");

    assertThat(stride.getMinimum()).isEqualTo(8.0);
    assertThat(stride.getMaximum()).isEqualTo(16.0);
    assertThat(model.getXKubernetesValidations()).anySatisfy(rule -> assertThat(rule.getRule()).contains("[8, 16]"));
  }

  private static void walk(String path, JSONSchemaProps schema, List<String> unbounded, List<String> checked) {
    if (KUBERNETES_TYPES.contains(path)) {
      return;
    }
    String type = schema.getType() == null ? "" : schema.getType();
    switch (type) {
      case "object" -> {
        for (Map.Entry<String, JSONSchemaProps> property : schema.getProperties().entrySet()) {
          walk(path + "." + property.getKey(), property.getValue(), unbounded, checked);
        }
      }
      case "integer", "number" -> {
        checked.add(path);
        if (schema.getMinimum() == null || schema.getMaximum() == null) {
          unbounded.add(path + " (" + type + " without minimum and maximum)");
        }
      }
      case "string" -> {
        checked.add(path);
        boolean enumerated = schema.getEnum() != null && !schema.getEnum().isEmpty();
        boolean bounded = schema.getMaxLength() != null || boundedPattern(schema.getPattern());
        if (!enumerated && !bounded) {
          unbounded.add(path + " (string without enum, maxLength or a length-bounded pattern)");
        }
      }
      case "array" -> {
        checked.add(path);
        boolean itemsBounded = schema.getXKubernetesValidations() != null && !schema.getXKubernetesValidations().isEmpty();
        if (schema.getMaxItems() == null) {
          unbounded.add(path + " (array without maxItems)");
        }
        JSONSchemaProps items = schema.getItems() == null ? null : schema.getItems().getSchema();
        if (items != null && !itemsBounded && !"object".equals(items.getType())) {
          unbounded.add(path + "[] (items without a rule bounding them)");
        }
      }
      default -> {
        // booleans need no bound
      }
    }
  }

  /** A pattern anchored at both ends whose repetitions are all counted ({n,m}) bounds the length. */
  private static boolean boundedPattern(String pattern) {
    return pattern != null && pattern.startsWith("^") && pattern.endsWith("$") && !pattern.contains("*")
        && !pattern.contains("+");
  }
}
