package dev.segtpu.sandbox.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.zjsonpatch.JsonPatch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A create, update or patch of a custom resource (or of its status) decoded as kube-apiserver decodes
 * it: the whole object the write would store, with the fields its schema does not declare pruned. The
 * API server validates and stores that pruned object, never the bytes the client sent, so the sandbox
 * rewrites the request before Fabric8's CRUD store sees it.
 *
 * @param stored the object before a patch (null for a create or update)
 * @param pruned the object to validate and store
 * @param unknownFields the paths pruning removed, sorted
 */
record CustomResourceWrite(RecordedRequest request, ObjectNode stored, ObjectNode pruned, List<String> unknownFields) {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /**
   * Decodes {@code request}; empty when there is nothing to decode (a body that is not a JSON object, a
   * patch of an object that does not exist), so the CRUD store gives its usual answer.
   *
   * @param objectPath the object's path without {@code /status}
   * @param get the CRUD store's GET
   */
  static Optional<CustomResourceWrite> decode(RecordedRequest request, String objectPath, JSONSchemaProps schema,
      Function<String, MockResponse> get) {
    // getBytes() leaves the body unread for the CRUD dispatcher (getUtf8Body() would consume it)
    String body = new String(request.getBody().getBytes(), StandardCharsets.UTF_8);
    try {
      ObjectNode stored = null;
      JsonNode proposed;
      if ("PATCH".equals(request.getMethod())) {
        MockResponse current = get.apply(objectPath);
        if (current.code() != 200) {
          return Optional.empty();
        }
        stored = (ObjectNode) JSON.readTree(current.getBody().readUtf8());
        proposed = String.valueOf(request.getHeader("Content-Type")).contains("json-patch")
            ? JsonPatch.apply(JSON.readTree(body), stored)
            // merge, strategic-merge (the store treats it as merge for custom resources) and apply patches
            : MergePatch.apply(stored, jsonOrYaml(body));
      } else {
        proposed = JSON.readTree(body);
      }
      if (proposed == null || !proposed.isObject()) {
        return Optional.empty();
      }
      ObjectNode pruned = ((ObjectNode) proposed).deepCopy();
      List<String> unknown = UnknownFields.prune(pruned, schema);
      return Optional.of(new CustomResourceWrite(request, stored, pruned, unknown));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Apply patches may be YAML; JSON is tried first because YAML 1.1 reads some JSON numbers (1e3) as text. */
  private static JsonNode jsonOrYaml(String body) throws IOException {
    try {
      return JSON.readTree(body);
    } catch (IOException notJson) {
      return YAML.readTree(body);
    }
  }

  boolean isPatch() {
    return stored != null;
  }

  /** The pruned object as JSON, for validation. */
  String prunedJson() {
    return pruned.toString();
  }

  /**
   * The request the CRUD store should see: unchanged when nothing was pruned; otherwise the pruned object
   * as the body of a create or update, or a merge patch from the stored object to the pruned one.
   */
  RecordedRequest forStore() {
    if (unknownFields.isEmpty()) {
      return request;
    }
    if (!isPatch()) {
      return new RecordedRequest(request.getHttpVersion(), request.method(), request.getPath(), request.getHeaders(),
          new Buffer(prunedJson().getBytes(StandardCharsets.UTF_8)));
    }
    String patch = MergePatch.diff(stored, pruned).toString();
    return new RecordedRequest(request.getHttpVersion(), request.method(), request.getPath(),
        request.getHeaders().newBuilder().set("Content-Type", "application/merge-patch+json").build(),
        new Buffer(patch.getBytes(StandardCharsets.UTF_8)));
  }
}
