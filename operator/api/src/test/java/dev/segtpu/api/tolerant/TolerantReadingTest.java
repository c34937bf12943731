package dev.segtpu.api.tolerant;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.segtpu.api.SegmentationTrainingJob;
import io.fabric8.kubernetes.api.model.DefaultKubernetesResourceList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A stored job is read whatever it holds: the informer that lists and watches every job must never
 * fail on one of them.
 */
class TolerantReadingTest {

  private final KubernetesSerialization serialization = new KubernetesSerialization();

  private static String job(String spec, String status) {
    return "{\"apiVersion\":\"segtpu.dev/v1alpha1\",\"kind\":\"SegmentationTrainingJob\","
        + "\"metadata\":{\"name\":\"j\",\"namespace\":\"ml\"},\"spec\":" + spec
        + (status == null ? "" : ",\"status\":" + status) + "}";
  }

  private static final String SPEC = "{\"model\":{\"architecture\":\"deeplabv3plus\",\"outputStride\":%s},"
      + "\"training\":{\"steps\":100,\"batchSize\":8}}";

  @Test
  void anIntegerTheJavaTypeCannotHoldMakesTheSpecUnreadableNamingTheField() {
    SegmentationTrainingJob job = serialization.unmarshal(job(SPEC.formatted("1000000000000000"), null),
        SegmentationTrainingJob.class);

    assertThat(job.getSpec()).isInstanceOf(UnreadableSpec.class);
    ReadProblem problem = ((UnreadableSpec) job.getSpec()).problem();
    assertThat(problem.field()).isEqualTo("spec.model.outputStride");
    assertThat(problem.problem()).contains("1000000000000000").contains("out of range");
    assertThat(job.getMetadata().getName()).isEqualTo("j");
  }

  @Test
  void anUnreadableSpecIsWrittenBackExactlyAsStored() {
    String stored = job(SPEC.formatted("1000000000000000"), null);
    SegmentationTrainingJob job = serialization.unmarshal(stored, SegmentationTrainingJob.class);

    JsonNode written = serialization.unmarshal(serialization.asJson(job), JsonNode.class);

    assertThat(written.get("spec")).isEqualTo(serialization.unmarshal(stored, JsonNode.class).get("spec"));
  }

  @Test
  void aValueOfTheWrongTypeMakesTheSpecUnreadable() {
    SegmentationTrainingJob job = serialization.unmarshal(job(SPEC.formatted("\"sixteen\""), null), SegmentationTrainingJob.class);

    assertThat(((UnreadableSpec) job.getSpec()).problem().field()).isEqualTo("spec.model.outputStride");
  }

  @Test
  void unknownFieldsAtAnyDepthAreSkippedAndListedWhileTheRestIsRead() {
    String spec = "{\"model\":{\"architecture\":\"deeplabv3plus\",\"outputStride\":8,\"futureKnob\":{\"a\":[1,{\"b\":2}]}},"
        + "\"unexpectedField\":{\"a\":{\"b\":{\"c\":{\"d\":1}}}},\"training\":{\"steps\":100,\"batchSize\":8}}";

    SegmentationTrainingJob job = serialization.unmarshal(job(spec, null), SegmentationTrainingJob.class);

    assertThat(job.getSpec()).isNotInstanceOf(UnreadableSpec.class);
    assertThat(job.getSpec().model.outputStride).isEqualTo(8);
    assertThat(job.getSpec().training.steps).isEqualTo(100L);
    assertThat(job.getSpec().unknownFields()).containsExactlyInAnyOrder("spec.model.futureKnob", "spec.unexpectedField");
  }

  /** An unknown field nested {@code depth} levels deep: {"unexpectedField":{"a":{"a":...{}...}}}. */
  private static String nested(int depth) {
    return "{\"unexpectedField\":" + "{\"a\":".repeat(depth - 1) + "{}" + "}".repeat(depth - 1) + ",";
  }

  @Test
  void aSpecNestedDeeperThanTheJsonParserAllowsIsUnreadableNamingTheFieldAndTheRestOfTheJobIsRead() {
    String spec = nested(2000) + SPEC.formatted("16").substring(1);
    String status = nested(3000) + "\"phase\":\"Running\"}";

    SegmentationTrainingJob job = serialization.unmarshal(job(spec, "{\"phase\":\"Running\",\"attempt\":2}"),
        SegmentationTrainingJob.class);

    assertThat(job.getSpec()).isInstanceOf(UnreadableSpec.class);
    ReadProblem problem = ((UnreadableSpec) job.getSpec()).problem();
    assertThat(problem.field()).isEqualTo("spec.unexpectedField");
    assertThat(problem.problem()).contains("nested deeper than");
    assertThat(job.getStatus().attempt).as("what follows the spec").isEqualTo(2);
    assertThat(job.getMetadata().getName()).isEqualTo("j");

    SegmentationTrainingJob deepStatus = serialization.unmarshal(job(SPEC.formatted("16"), status), SegmentationTrainingJob.class);
    assertThat(deepStatus.getStatus()).isInstanceOf(UnreadableStatus.class);
    assertThat(((UnreadableStatus) deepStatus.getStatus()).problem().field()).isEqualTo("status.unexpectedField");
    assertThat(deepStatus.getSpec().model.outputStride).isEqualTo(16);
  }

  @Test
  void aListWithOneJobNestedTooDeeplyStillYieldsEveryJob() {
    String deep = job(nested(2000) + SPEC.formatted("16").substring(1), null);
    String list = "{\"apiVersion\":\"segtpu.dev/v1alpha1\",\"kind\":\"SegmentationTrainingJobList\",\"metadata\":{},"
        + "\"items\":[" + deep + "," + job(SPEC.formatted("8"), null).replace("\"name\":\"j\"", "\"name\":\"k\"") + "]}";

    List<SegmentationTrainingJob> items = serialization.unmarshal(
        new ByteArrayInputStream(list.getBytes(StandardCharsets.UTF_8)),
        new TypeReference<DefaultKubernetesResourceList<SegmentationTrainingJob>>() { }).getItems();

    assertThat(items).extracting(j -> j.getMetadata().getName()).containsExactly("j", "k");
    assertThat(items.get(0).getSpec()).isInstanceOf(UnreadableSpec.class);
    assertThat(items.get(1).getSpec().model.outputStride).isEqualTo(8);
  }

  @Test
  void aHandEditedStatusTheTypesCannotHoldBecomesAnUnreadableStatusAndTheSpecIsStillRead() {
    String status = "{\"phase\":\"Running\",\"attempt\":99999999999999,\"preemptions\":1}";

    SegmentationTrainingJob job = serialization.unmarshal(job(SPEC.formatted("16"), status), SegmentationTrainingJob.class);

    assertThat(job.getStatus()).isInstanceOf(UnreadableStatus.class);
    assertThat(((UnreadableStatus) job.getStatus()).problem().field()).isEqualTo("status.attempt");
    assertThat(job.getSpec().model.outputStride).isEqualTo(16);
  }

  @Test
  void aReadableJobIsReadAsBefore() {
    SegmentationTrainingJob job = serialization.unmarshal(job(SPEC.formatted("16"), "{\"phase\":\"Running\",\"attempt\":2}"),
        SegmentationTrainingJob.class);

    assertThat(job.getSpec().unknownFields()).isEmpty();
    assertThat(job.getStatus().attempt).isEqualTo(2);
    assertThat(job.getStatus().phase.name()).isEqualTo("Running");
  }
}
