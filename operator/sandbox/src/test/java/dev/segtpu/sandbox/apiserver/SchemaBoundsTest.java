package dev.segtpu.sandbox.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsOrArray;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsOrBool;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Numbers and strings the API server refuses beyond type, enum and pattern: integer formats, integers no
 * int64 holds, lengths, item and property counts, and maximums however large the number — each refusal
 * naming its field, one violation per field.
 */
class SchemaBoundsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JSONSchemaProps SPEC = new JSONSchemaPropsBuilder().withType("object")
      .addToProperties("replicas", new JSONSchemaPropsBuilder().withType("integer").withFormat("int32").build())
      .addToProperties("count", new JSONSchemaPropsBuilder().withType("integer").withFormat("int64").build())
      .addToProperties("stride", new JSONSchemaPropsBuilder().withType("integer").withMinimum(8.0).withMaximum(32.0).build())
      .addToProperties("name", new JSONSchemaPropsBuilder().withType("string").withMinLength(2L).withMaxLength(5L).build())
      .addToProperties("tags", new JSONSchemaPropsBuilder().withType("array").withMinItems(1L).withMaxItems(2L)
          .withItems(new JSONSchemaPropsOrArray(null, new JSONSchemaPropsBuilder().withType("string").build())).build())
      .addToProperties("labels", new JSONSchemaPropsBuilder().withType("object").withMaxProperties(2L)
          .withAdditionalProperties(new JSONSchemaPropsOrBool(null, new JSONSchemaPropsBuilder().withType("string").build()))
          .build())
      .build();

  private final SchemaAdmission admission = new SchemaAdmission();

  @Test
  void valuesWithinEveryBoundPass() throws IOException {
    assertThat(violations("{\"replicas\":2147483647,\"count\":9223372036854775807,\"stride\":16,\"name\":\"déjà\","
        + "\"tags\":[\"a\",\"b\"],\"labels\":{\"a\":\"1\",\"b\":\"2\"}}")).isEmpty();
  }

  @Test
  void anInt32FieldRefusesAValueBeyondInt32() throws IOException {
    assertThat(violations("{\"replicas\":2147483648}")).singleElement().satisfies(v -> {
      assertThat(v.field()).isEqualTo("spec.replicas");
      assertThat(v.reason()).isEqualTo("FieldValueTypeInvalid");
      assertThat(v.message()).isEqualTo("Invalid value: 2147483648: spec.replicas in body must be of type int32");
    });
  }

  @Test
  void anIntegerLiteralNoInt64HoldsIsNotAnInteger() throws IOException {
    assertThat(violations("{\"count\":1000000000000000000000000000000,\"stride\":-99999999999999999999999999}"))
        .extracting(SchemaAdmission.Violation::field, SchemaAdmission.Violation::message)
        .containsExactly(
            tuple("spec.count", "Invalid value: \"number\": spec.count in body must be of type integer"),
            tuple("spec.stride", "Invalid value: \"number\": spec.stride in body must be of type integer"));
  }

  @Test
  void aHugeIntegerIsRefusedByTheMaximum() throws IOException {
    assertThat(violations("{\"stride\":1000000000000000}")).singleElement().satisfies(v -> {
      assertThat(v.field()).isEqualTo("spec.stride");
      assertThat(v.message()).isEqualTo("Invalid value: 1000000000000000: spec.stride in body should be less than or equal to 32");
    });
  }

  @Test
  void stringsLongerOrShorterThanAllowedAreRefusedCountingCharactersNotBytes() throws IOException {
    assertThat(violations("{\"name\":\"ééééé\"}")).as("5 characters, 10 bytes").isEmpty();
    assertThat(violations("{\"name\":\"toolong\"}")).singleElement().satisfies(v -> {
      assertThat(v.field()).isEqualTo("spec.name");
      assertThat(v.reason()).isEqualTo("FieldValueTooLong");
      assertThat(v.message()).isEqualTo("Too long: may not be more than 5 bytes");
    });
    assertThat(violations("{\"name\":\"a\"}")).singleElement()
        .satisfies(v -> assertThat(v.message()).isEqualTo("Invalid value: \"a\": spec.name in body should be at least 2 chars long"));
  }

  @Test
  void arraysAndMapsWithTooManyOrTooFewEntriesAreRefused() throws IOException {
    assertThat(violations("{\"tags\":[\"a\",\"b\",\"c\"],\"labels\":{\"a\":\"1\",\"b\":\"2\",\"c\":\"3\"}}"))
        .extracting(SchemaAdmission.Violation::field, SchemaAdmission.Violation::reason, SchemaAdmission.Violation::message)
        .containsExactly(
            tuple("spec.tags", "FieldValueTooMany", "Too many: 3: must have at most 2 items"),
            tuple("spec.labels", "FieldValueTooMany", "Too many: 3: must have at most 2 items"));
    assertThat(violations("{\"tags\":[]}")).singleElement()
        .satisfies(v -> assertThat(v.message()).isEqualTo("Invalid value: []: spec.tags in body should have at least 1 items"));
  }

  /**
   * Needs the CRD to give spec.model.outputStride a maximum (the CRD change that adds bounds); until it
   * lands this test fails, saying so.
   */
  @Test
  void theCommittedCrdRefusesAHugeOutputStrideNamingTheField() throws IOException {
    CustomResourceDefinition crd = Serialization.unmarshal(
        Files.readString(RawApi.REPO.resolve("crds/segmentationtrainingjobs.segtpu.dev-v1.yml")), CustomResourceDefinition.class);
    JsonNode job = RawApi.exampleJob("huge-stride");
    ((ObjectNode) job.at("/spec/model")).put("outputStride", 1_000_000_000_000_000L);

    var refused = admission.review(job.toString(), crd, "v1alpha1");

    assertThat(refused).as("refused once the CRD bounds spec.model.outputStride").isPresent();
    assertThat(refused.get().getDetails().getCauses())
        .extracting(StatusCause::getField).contains("spec.model.outputStride");
  }

  private List<SchemaAdmission.Violation> violations(String spec) throws IOException {
    return admission.validate(JSON.readTree(spec), SPEC, "spec");
  }
}
