package dev.segtpu.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segtpu.tpu.TpuCatalog;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The committed CRD in crds/ must be exactly what the Fabric8 CRD generator makes from the API classes.
 * After changing the API, refresh it with {@code mvn -pl operator/api test -Dsegtpu.updateCrds=true}.
 */
class CustomResourceDefinitionTest {

  static final String FILE = "segmentationtrainingjobs.segtpu.dev-v1.yml";
  static final Path GENERATED = Path.of("target", "classes", "META-INF", "fabric8", FILE);
  static final Path COMMITTED = Path.of("..", "..", "crds", FILE);

  @Test
  void committedCrdMatchesTheGeneratedOne() throws IOException {
    String generated = Files.readString(GENERATED);
    if (Boolean.getBoolean("segtpu.updateCrds")) {
      Files.writeString(COMMITTED, generated);
    }
    assertThat(Files.readString(COMMITTED))
        .as("crds/%s drifted from the API classes; run mvn -pl operator/api test -Dsegtpu.updateCrds=true", FILE)
        .isEqualTo(generated);
  }

  @Test
  void crdCarriesNamesColumnsAndCrossFieldRules() throws IOException {
    CustomResourceDefinition crd = Serialization.unmarshal(Files.readString(COMMITTED), CustomResourceDefinition.class);

    assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("stj", "segjob");
    var version = crd.getSpec().getVersions().get(0);
    assertThat(version.getName()).isEqualTo("v1alpha1");
    assertThat(version.getSubresources().getStatus()).as("status subresource").isNotNull();
    assertThat(version.getAdditionalPrinterColumns()).extracting(c -> c.getName())
        .containsExactlyInAnyOrder("Phase", "Model", "TPU", "Progress", "Cost", "Age");

    JSONSchemaProps spec = version.getSchema().getOpenAPIV3Schema().getProperties().get("spec");
    assertThat(spec.getRequired()).containsExactlyInAnyOrder("model", "dataset", "training", "tpu", "checkpoint");
    assertThat(spec.getProperties().get("tpu").getProperties().get("generation").getEnum())
        .extracting(Object::toString)
        .containsExactlyInAnyOrder("\"v2\"", "\"v3\"", "\"v4\"", "\"v5e\"", "\"v5p\"", "\"v6e\"", "\"tpu7x\"");
    List<String> tpuRules = spec.getProperties().get("tpu").getXKubernetesValidations().stream()
        .map(ValidationRule::getRule).toList();
    assertThat(tpuRules).anySatisfy(rule -> assertThat(rule).contains("self.topology.matches"));
    assertThat(spec.getXKubernetesValidations()).extracting(ValidationRule::getFieldPath)
        .contains(".dataset.format", ".dataset.trainExamples", ".preemption.fallbackToOnDemandAfter");
    assertThat(spec.getProperties().get("model").getDescription()).isNotBlank();
  }

  @Test
  void theApiServerRefusesMultisliceOnTheGenerationsTheCatalogRefusesItOn() throws IOException {
    CustomResourceDefinition crd = Serialization.unmarshal(Files.readString(COMMITTED), CustomResourceDefinition.class);
    JSONSchemaProps tpu = crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema().getProperties().get("spec")
        .getProperties().get("tpu");
    String rule = tpu.getXKubernetesValidations().stream().filter(r -> ".slices".equals(r.getFieldPath()))
        .map(ValidationRule::getRule).findFirst().orElseThrow();
    String listed = rule.substring(rule.indexOf('[') + 1, rule.indexOf(']')).replace("'", "").replace(" ", "");

    assertThat(List.of(listed.split(","))).containsExactlyElementsOf(TpuCatalog.load().multisliceGenerations());
  }
}
