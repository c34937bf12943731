package dev.segtpu.sandbox.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenApiV3Test {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static OpenApiV3 documents() throws Exception {
    CustomResourceDefinition crd = Serialization.unmarshal(
        Files.readString(Path.of("..", "..", "crds", "segmentationtrainingjobs.segtpu.dev-v1.yml")), CustomResourceDefinition.class);
    return OpenApiV3.of(List.of(crd));
  }

  @Test
  void theIndexPointsAtEachGroupVersionsDocumentWithAHash() throws Exception {
    JsonNode index = JSON.readTree(documents().index());

    assertThat(index.path("paths").path("apis/segtpu.dev/v1alpha1").path("serverRelativeURL").asText())
        .startsWith("/openapi/v3/apis/segtpu.dev/v1alpha1?hash=");
    assertThat(index.path("paths").has("api/v1")).isTrue();
  }

  @Test
  void theCustomResourceSchemaIsTheCrdsWithMetadataReferringToObjectMeta() throws Exception {
    String document = documents().document("apis/segtpu.dev/v1alpha1").orElseThrow();

    JsonNode schema = OpenApiV3.schema(document, "dev.segtpu.v1alpha1.SegmentationTrainingJob").orElseThrow();
    assertThat(schema.path("x-kubernetes-group-version-kind").get(0).path("kind").asText()).isEqualTo("SegmentationTrainingJob");
    assertThat(schema.path("properties").path("spec").path("properties").path("tpu").path("required").toString())
        .contains("topology");
    assertThat(schema.path("properties").path("metadata").path("allOf").get(0).path("$ref").asText())
        .isEqualTo("#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
    assertThat(OpenApiV3.schema(document, "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta")).isPresent();
  }

  @Test
  void patchOperationsDeclareFieldValidationSoKubectlLeavesValidationToTheServer() throws Exception {
    JsonNode document = JSON.readTree(documents().document("apis/segtpu.dev/v1alpha1").orElseThrow());

    JsonNode patch = document.path("paths")
        .path("/apis/segtpu.dev/v1alpha1/namespaces/{namespace}/segmentationtrainingjobs/{name}").path("patch");
    assertThat(patch.path("x-kubernetes-group-version-kind").path("kind").asText()).isEqualTo("SegmentationTrainingJob");
    assertThat(patch.path("parameters").findValuesAsText("name")).contains("fieldValidation", "fieldManager", "force");
  }

  @Test
  void aGroupVersionTheServerDoesNotServeHasNoDocument() throws Exception {
    assertThat(documents().document("apis/example.com/v1")).isEmpty();
  }
}
