package dev.segtpu.sandbox.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The committed CRD's schema and CEL rules, evaluated as the API server evaluates them: every CEL rule
 * compiles, the examples pass, and each kind of bad manifest is refused at the right field.
 */
class CrdSchemaRulesTest {

  private static final Path REPO = Path.of("..", "..");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final CustomResourceDefinition CRD = crd();
  private static final JSONSchemaProps SPEC = CRD.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema()
      .getProperties().get("spec");
  private final SchemaAdmission admission = new SchemaAdmission();

  @Test
  void everyCelRuleInTheCrdCompiles() {
    List<String> rules = new ArrayList<>();
    collectRules(SPEC, rules);
    assertThat(rules).hasSizeGreaterThanOrEqualTo(12);
    CelRules cel = new CelRules();
    rules.forEach(rule -> assertThat(cel.program(rule)).as(rule).isNotNull());
  }

  @Test
  void exampleManifestsPass() throws IOException {
    for (String example : List.of("deeplab-voc.yaml", "maskrcnn-coco.yaml", "quick-deeplab-synthetic.yaml",
        "quick-deeplab-2slice.yaml")) {
      assertThat(admission.validate(example(example).path("spec"), SPEC, "spec")).as(example).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("badManifests")
  void refusesAtTheField(String description, String field, String example, Consumer<ObjectNode> breakIt)
      throws IOException {
    ObjectNode manifest = example(example);
    breakIt.accept((ObjectNode) manifest.get("spec"));

    List<SchemaAdmission.Violation> violations = admission.validate(manifest.get("spec"), SPEC, "spec");

    assertThat(violations).as(description).extracting(SchemaAdmission.Violation::field).containsExactly(field);
  }

  static Stream<Arguments> badManifests() {
    String quick = "quick-deeplab-synthetic.yaml";
    String voc = "deeplab-voc.yaml";
    String coco = "maskrcnn-coco.yaml";
    return Stream.of(
        // structural schema
        bad("unknown generation", "spec.tpu.generation", quick, s -> tpu(s).put("generation", "v9")),
        bad("batch size zero", "spec.training.batchSize", quick, s -> obj(s, "training").put("batchSize", 0)),
        bad("batch size as text", "spec.training.batchSize", quick, s -> obj(s, "training").put("batchSize", "eight")),
        bad("interval spelled out", "spec.checkpoint.interval", quick, s -> obj(s, "checkpoint").put("interval", "10 minutes")),
        bad("no TPU section", "spec.tpu", quick, s -> s.remove("tpu")),
        bad("bucket with scheme", "spec.dataset.source.gcs.bucket", voc,
            s -> obj(obj(obj(s, "dataset"), "source"), "gcs").put("bucket", "gs://x")),
        // a comma would end the mount option the path is given in and start another
        bad("mount option smuggled in the dataset folder", "spec.dataset.source.gcs.path", voc,
            s -> obj(obj(obj(s, "dataset"), "source"), "gcs").put("path", "x,file-mode=777")),
        bad("mount option smuggled in the checkpoint folder", "spec.checkpoint.storage.gcs.path", voc,
            s -> obj(obj(obj(s, "checkpoint"), "storage"), "gcs").put("path", "x,file-mode=777")),
        bad("env name with a space", "spec.trainer.env[0].name", quick,
            s -> s.putObject("trainer").putArray("env").addObject().put("name", "LOG LEVEL").put("value", "debug")),
        bad("env value beyond 32 KiB", "spec.trainer.env[0].value", quick,
            s -> s.putObject("trainer").putArray("env").addObject().put("name", "BLOB").put("value", "x".repeat(32_769))),
        bad("seventeen resource limits", "spec.trainer.resources.limits", quick, s -> {
          ObjectNode limits = s.putObject("trainer").putObject("resources").putObject("limits");
          for (int i = 0; i < 17; i++) {
            limits.put("example.com/r" + i, "1");
          }
        }),
        // CEL rules
        bad("COCO records for DeepLab", "spec.dataset.format", voc, s -> obj(s, "dataset").put("format", "coco-tfrecord")),
        bad("epochs without dataset size", "spec.dataset.trainExamples", coco, s -> obj(s, "dataset").remove("trainExamples")),
        bad("fallback on on-demand", "spec.preemption.fallbackToOnDemandAfter", coco,
            s -> s.putObject("preemption").put("fallbackToOnDemandAfter", 2)),
        bad("output stride on Mask R-CNN", "spec.model.outputStride", coco, s -> obj(s, "model").put("outputStride", 16)),
        bad("MobileNetV2 under Mask R-CNN", "spec.model.backbone", coco, s -> obj(s, "model").put("backbone", "mobilenetv2")),
        bad("a Mask R-CNN input P6's stride does not divide", "spec.model.imageSize", coco, s -> obj(s, "model").put("imageSize", 1000)),
        bad("VOC without file pattern", "spec.dataset.trainFilePattern", voc, s -> obj(s, "dataset").remove("trainFilePattern")),
        bad("two storage backends", "spec.checkpoint.storage", quick,
            s -> obj(obj(s, "checkpoint"), "storage").putObject("pvc").put("claimName", "ckpt")),
        bad("steps and epochs", "spec.training.steps", quick, s -> obj(s, "training").put("epochs", 2)),
        bad("boundaries on poly", "spec.training.learningRate.boundaries", quick,
            s -> {
              ObjectNode lr = obj(obj(s, "training"), "learningRate");
              lr.putArray("boundaries").add(100);
              lr.putArray("multipliers").add(0.1);
            }),
        bad("one multiplier for two boundaries", "spec.training.learningRate.multipliers", coco,
            s -> obj(obj(s, "training"), "learningRate").putArray("multipliers").add(0.1)),
        bad("3-D topology on v5e", "spec.tpu.topology", quick, s -> tpu(s).put("topology", "2x2x2")),
        bad("2-D topology on v5p", "spec.tpu.topology", coco, s -> tpu(s).put("topology", "2x4")),
        bad("reservation without name", "spec.tpu.reservationName", quick, s -> tpu(s).put("provisioning", "reservation")),
        bad("no slices", "spec.tpu.slices", quick, s -> tpu(s).put("slices", 0)),
        bad("two slices of v3", "spec.tpu.slices", quick, s -> tpu(s).put("generation", "v3").put("topology", "2x2").put("slices", 2)));
  }

  private static Arguments bad(String description, String field, String example, Consumer<ObjectNode> breakIt) {
    return Arguments.of(description, field, example, breakIt);
  }

  private static ObjectNode obj(ObjectNode parent, String name) {
    return (ObjectNode) parent.get(name);
  }

  private static ObjectNode tpu(ObjectNode spec) {
    return obj(spec, "tpu");
  }

  private static ObjectNode example(String name) throws IOException {
    return (ObjectNode) YAML.readTree(Files.readString(REPO.resolve("examples").resolve(name)));
  }

  private static void collectRules(JSONSchemaProps schema, List<String> rules) {
    if (schema.getXKubernetesValidations() != null) {
      schema.getXKubernetesValidations().forEach(rule -> rules.add(rule.getRule()));
    }
    if (schema.getProperties() != null) {
      schema.getProperties().values().forEach(property -> collectRules(property, rules));
    }
    if (schema.getItems() != null && schema.getItems().getSchema() != null) {
      collectRules(schema.getItems().getSchema(), rules);
    }
  }

  private static CustomResourceDefinition crd() {
    try {
      return Serialization.unmarshal(Files.readString(REPO.resolve("crds/segmentationtrainingjobs.segtpu.dev-v1.yml")),
          CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

}
