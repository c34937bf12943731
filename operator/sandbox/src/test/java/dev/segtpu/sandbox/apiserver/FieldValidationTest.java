package dev.segtpu.sandbox.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Writes of custom resources carrying fields the CRD does not declare, under each fieldValidation
 * directive, answered as kube-apiserver answers them: pruned always, refused with 400 under Strict,
 * warned about under Warn (also the default), silent under Ignore — for the resource and its status.
 */
class FieldValidationTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MERGE = "application/merge-patch+json";

  @RegisterExtension
  static final CrdApiServer API = new CrdApiServer();

  @Test
  void strictCreateIsRefusedWithBadRequestNamingEveryUnknownFieldAndNothingIsStored() throws Exception {
    HttpResponse<String> refused = API.raw().create(withUnknownFields("strict-create"), "?fieldValidation=Strict");

    assertThat(refused.statusCode()).isEqualTo(400);
    JsonNode status = JSON.readTree(refused.body());
    assertThat(status.path("reason").asText()).isEqualTo("BadRequest");
    assertThat(status.path("message").asText()).isEqualTo("SegmentationTrainingJob in version \"v1alpha1\" cannot be "
        + "handled as a SegmentationTrainingJob: strict decoding error: unknown field \"spec.model.depth\", "
        + "unknown field \"spec.unexpectedField\"");
    assertThat(API.raw().get("strict-create").statusCode()).isEqualTo(404);
  }

  @Test
  void warnStoresThePrunedObjectWithOneWarningHeaderPerField() throws Exception {
    HttpResponse<String> created = API.raw().create(withUnknownFields("warn-create"), "?fieldValidation=Warn");

    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(created.headers().allValues("Warning")).containsExactly(
        "299 - \"unknown field \\\"spec.model.depth\\\"\"",
        "299 - \"unknown field \\\"spec.unexpectedField\\\"\"");
    assertPrunedButOtherwiseStored("warn-create");
  }

  @Test
  void withoutADirectiveTheServerWarnsAsKubeApiserverDoesByDefault() throws Exception {
    HttpResponse<String> created = API.raw().create(withUnknownFields("default-create"), "");

    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(created.headers().allValues("Warning")).hasSize(2);
    assertPrunedButOtherwiseStored("default-create");
  }

  @Test
  void ignoreStoresThePrunedObjectSilently() throws Exception {
    HttpResponse<String> created = API.raw().create(withUnknownFields("ignore-create"), "?fieldValidation=Ignore");

    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(created.headers().allValues("Warning")).isEmpty();
    assertPrunedButOtherwiseStored("ignore-create");
  }

  @Test
  void strictMergePatchIsRefusedWithTheBareStrictDecodingErrorAndChangesNothing() throws Exception {
    assertThat(API.raw().create(RawApi.exampleJob("strict-patch"), "").statusCode()).isEqualTo(201);

    HttpResponse<String> refused = API.raw().send("PATCH", RawApi.JOBS + "/strict-patch?fieldValidation=Strict", MERGE,
        "{\"spec\":{\"suspend\":true,\"tpu\":{\"zone\":\"us-west4-a\"}}}");

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(refused.body()).path("message").asText())
        .isEqualTo("strict decoding error: unknown field \"spec.tpu.zone\"");
    assertThat(stored("strict-patch").path("spec").has("suspend")).isFalse();
  }

  @Test
  void ignoredMergePatchStoresItsDeclaredChangesAndDropsTheRest() throws Exception {
    assertThat(API.raw().create(RawApi.exampleJob("ignore-patch"), "").statusCode()).isEqualTo(201);

    HttpResponse<String> patched = API.raw().send("PATCH", RawApi.JOBS + "/ignore-patch?fieldValidation=Ignore", MERGE,
        "{\"spec\":{\"suspend\":true,\"tpu\":{\"zone\":\"us-west4-a\"}}}");

    assertThat(patched.statusCode()).as(patched.body()).isBetween(200, 299);
    JsonNode spec = stored("ignore-patch").path("spec");
    assertThat(spec.path("suspend").asBoolean()).isTrue();
    assertThat(spec.path("tpu").has("zone")).isFalse();
    assertThat(spec.path("tpu").path("topology").asText()).isEqualTo("1x1");
  }

  @Test
  void statusWritesArePrunedToo() throws Exception {
    assertThat(API.raw().create(RawApi.exampleJob("status-write"), "").statusCode()).isEqualTo(201);

    HttpResponse<String> patched = API.raw().send("PATCH", RawApi.JOBS + "/status-write/status", MERGE,
        "{\"status\":{\"phase\":\"Running\",\"progress\":{\"step\":7,\"eta\":\"soon\"},\"debug\":{\"a\":1}}}");

    assertThat(patched.statusCode()).as(patched.body()).isBetween(200, 299);
    assertThat(patched.headers().allValues("Warning")).containsExactly(
        "299 - \"unknown field \\\"status.debug\\\"\"", "299 - \"unknown field \\\"status.progress.eta\\\"\"");
    JsonNode status = stored("status-write").path("status");
    assertThat(status.toString()).isEqualTo("{\"phase\":\"Running\",\"progress\":{\"step\":7}}");

    ObjectNode replaced = (ObjectNode) stored("status-write");
    ((ObjectNode) replaced.get("status")).put("phase", "Succeeded").put("unexpected", 1);
    HttpResponse<String> put = API.raw().send("PUT", RawApi.JOBS + "/status-write/status?fieldValidation=Strict",
        "application/json", replaced.toString());
    assertThat(put.statusCode()).isEqualTo(400);
    assertThat(put.body()).contains("unknown field \\\"status.unexpected\\\"");
  }

  private static ObjectNode withUnknownFields(String name) throws IOException {
    ObjectNode job = RawApi.exampleJob(name);
    ObjectNode spec = (ObjectNode) job.get("spec");
    spec.putObject("unexpectedField").put("a", 1);
    ((ObjectNode) spec.get("model")).put("depth", 101);
    return job;
  }

  private static void assertPrunedButOtherwiseStored(String name) throws Exception {
    JsonNode spec = stored(name).path("spec");
    assertThat(spec.has("unexpectedField")).isFalse();
    assertThat(spec.path("model").has("depth")).isFalse();
    assertThat(spec.path("model").path("outputStride").asInt()).isEqualTo(16);
  }

  private static JsonNode stored(String name) throws Exception {
    HttpResponse<String> got = API.raw().get(name);
    assertThat(got.statusCode()).as(got.body()).isEqualTo(200);
    return JSON.readTree(got.body());
  }
}
