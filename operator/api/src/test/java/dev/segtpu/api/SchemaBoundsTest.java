package dev.segtpu.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.fabric8.kubernetes.api.model.ConfigMapKeySelector;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.FileKeySelector;
import io.fabric8.kubernetes.api.model.ObjectFieldSelector;
import io.fabric8.kubernetes.api.model.ResourceClaim;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every value a job author writes is bounded by the CRD schema, so kube-apiserver refuses what the
 * operator's Java types could not hold (an unbounded integer is stored as int64 there) and nothing
 * unbounded reaches a mount option, a path or a command line.
 */
class SchemaBoundsTest {

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
        "spec.dataset.source.gcs.path", "spec.trainer.args", "spec.checkpoint.resumeFrom.jobName",
        "spec.trainer.env[].name", "spec.trainer.env[].value", "spec.trainer.env[].valueFrom.secretKeyRef.key",
        "spec.trainer.env[].valueFrom.fieldRef.fieldPath", "spec.trainer.resources.limits",
        "spec.trainer.resources.claims[].name");
  }

  /**
   * The Kubernetes types inside the trainer section take their schema from bounded stand-ins; a field
   * the stand-in missed would be pruned by the API server from every stored job.
   */
  @Test
  void theBoundedStandInsKeepEveryFieldOfTheKubernetesTypesTheyDescribe() {
    Map<Class<?>, Class<?>> standIns = Map.of(
        EnvVar.class, BoundedKubernetesTypes.EnvVar.class,
        EnvVarSource.class, BoundedKubernetesTypes.EnvVarSource.class,
        ConfigMapKeySelector.class, BoundedKubernetesTypes.KeySelector.class,
        SecretKeySelector.class, BoundedKubernetesTypes.KeySelector.class,
        ObjectFieldSelector.class, BoundedKubernetesTypes.FieldSelector.class,
        FileKeySelector.class, BoundedKubernetesTypes.FileKeySelector.class,
        ResourceFieldSelector.class, BoundedKubernetesTypes.ResourceFieldSelector.class,
        ResourceRequirements.class, BoundedKubernetesTypes.ResourceRequirements.class,
        ResourceClaim.class, BoundedKubernetesTypes.ResourceClaim.class);

    standIns.forEach((kubernetes, standIn) -> assertThat(properties(standIn)).as(standIn.getName())
        .containsExactlyInAnyOrderElementsOf(properties(kubernetes)));
  }

  /** The JSON properties of a type, without Fabric8's catch-all for unknown fields. */
  private static List<String> properties(Class<?> type) {
    ObjectMapper mapper = new ObjectMapper();
    return mapper.getSerializationConfig().introspect(mapper.constructType(type)).findProperties().stream()
        .map(BeanPropertyDefinition::getName).filter(name -> !name.equals("additionalProperties")).toList();
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
    String type = schema.getType() == null ? "" : schema.getType();
    switch (type) {
      case "object" -> {
        for (Map.Entry<String, JSONSchemaProps> property : schema.getProperties().entrySet()) {
          walk(path + "." + property.getKey(), property.getValue(), unbounded, checked);
        }
        if (schema.getAdditionalProperties() != null && schema.getAdditionalProperties().getSchema() != null) {
          checked.add(path);
          if (schema.getMaxProperties() == null) {
            unbounded.add(path + " (map without maxProperties)");
          }
          walk(path + "{}", schema.getAdditionalProperties().getSchema(), unbounded, checked);
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
        if (items != null && "object".equals(items.getType())) {
          walk(path + "[]", items, unbounded, checked);
        } else if (items != null && !itemsBounded) {
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
