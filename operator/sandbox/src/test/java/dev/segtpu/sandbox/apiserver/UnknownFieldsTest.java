package dev.segtpu.sandbox.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsOrArray;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pruning of undeclared fields, over the committed CRD's schema, as kube-apiserver prunes before storing. */
class UnknownFieldsTest {

  private static final Path REPO = Path.of("..", "..");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final JSONSchemaProps SCHEMA = crdSchema();

  @Test
  void undeclaredFieldsAtEveryDepthAreRemovedAndNamedInSortedOrder() throws IOException {
    ObjectNode job = example();
    job.put("topLevelExtra", true);
    ObjectNode spec = (ObjectNode) job.get("spec");
    spec.putObject("unexpectedField").put("a", 1);
    ((ObjectNode) spec.get("model")).put("depth", 101);
    ((ObjectNode) spec.at("/checkpoint/storage/hostPath")).put("readOnly", true);
    ObjectNode env = spec.putObject("trainer").putArray("env").addObject().put("name", "A").put("value", "1");
    env.putObject("valueFromVault").put("path", "secret/a");
    job.putObject("status").put("phase", "Running").putObject("progress").put("step", 3).put("eta", "soon");

    List<String> pruned = UnknownFields.prune(job, SCHEMA);

    assertThat(pruned).containsExactly(
        "spec.checkpoint.storage.hostPath.readOnly",
        "spec.model.depth",
        "spec.trainer.env[0].valueFromVault",
        "spec.unexpectedField",
        "status.progress.eta",
        "topLevelExtra");
    assertThat(job.has("topLevelExtra")).isFalse();
    assertThat(spec.has("unexpectedField")).isFalse();
    assertThat(spec.at("/model/depth").isMissingNode()).isTrue();
    assertThat(spec.at("/trainer/env/0").toString()).isEqualTo("{\"name\":\"A\",\"value\":\"1\"}");
    assertThat(job.at("/status/progress").toString()).isEqualTo("{\"step\":3}");
  }

  @Test
  void declaredFieldsApiVersionKindAndMetadataAreKeptUntouched() throws IOException {
    ObjectNode job = example();
    ((ObjectNode) job.get("metadata")).put("notObjectMeta", "kept: metadata is ObjectMeta, not the schema's");
    ObjectNode before = job.deepCopy();

    List<String> pruned = UnknownFields.prune(job, SCHEMA);

    assertThat(pruned).isEmpty();
    assertThat(job).isEqualTo(before);
  }

  @Test
  void keysOfAdditionalPropertiesMapsAreKeptButTheirValuesArePruned() throws IOException {
    ObjectNode job = example();
    ObjectNode resources = ((ObjectNode) job.get("spec")).putObject("trainer").putObject("resources");
    resources.putObject("limits").put("cpu", "2").put("example.com/fpga", 1);
    ObjectNode cost = job.putObject("status").putObject("cost");
    cost.putObject("chipSecondsByProvisioning").put("spot", 12.5).put("on-demand", 3.0);

    List<String> pruned = UnknownFields.prune(job, SCHEMA);

    assertThat(pruned).isEmpty();
    assertThat(resources.get("limits").toString()).isEqualTo("{\"cpu\":\"2\",\"example.com/fpga\":1}");
    assertThat(cost.get("chipSecondsByProvisioning").size()).isEqualTo(2);
  }

  @Test
  void underPreserveUnknownFieldsOnlyDeclaredSubtreesArePruned() {
    JSONSchemaProps declared = new JSONSchemaPropsBuilder().withType("object")
        .addToProperties("known", new JSONSchemaPropsBuilder().withType("string").build()).build();
    JSONSchemaProps schema = new JSONSchemaPropsBuilder().withType("object")
        .addToProperties("spec", new JSONSchemaPropsBuilder().withType("object").withXKubernetesPreserveUnknownFields(true)
            .addToProperties("declared", declared)
            .addToProperties("list", new JSONSchemaPropsBuilder().withType("array")
                .withItems(new JSONSchemaPropsOrArray(null, declared)).build())
            .build())
        .build();
    ObjectNode object = JSON.createObjectNode();
    ObjectNode spec = object.putObject("spec");
    spec.putObject("free").putObject("deep").put("x", 1);
    spec.putObject("declared").put("known", "k").put("extra", 1);
    spec.putArray("list").addObject().put("known", "k").put("extra", 2);

    List<String> pruned = UnknownFields.prune(object, schema);

    assertThat(pruned).containsExactly("spec.declared.extra", "spec.list[0].extra");
    assertThat(spec.at("/free/deep/x").asInt()).isEqualTo(1);
  }

  private static ObjectNode example() throws IOException {
    return (ObjectNode) YAML.readTree(Files.readString(REPO.resolve("examples/quick-deeplab-synthetic.yaml")));
  }

  private static JSONSchemaProps crdSchema() {
    try {
      return Serialization.unmarshal(Files.readString(REPO.resolve("crds/segmentationtrainingjobs.segtpu.dev-v1.yml")),
          CustomResourceDefinition.class).getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
