package dev.segtpu.sandbox.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The API server's graceful deletion of pods, which Fabric8's mock lacks: deleting a pod that runs on a
 * node only sets {@code deletionTimestamp}; the kubelet stops the containers (SIGTERM, grace period,
 * SIGKILL) and then removes the object with grace period 0. Until then the pod is visibly
 * Terminating, so a controller cannot start a new gang while the old one still runs.
 */
final class GracefulPodDeletion {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern POD_ITEM = Pattern.compile("^/api/v1/namespaces/[^/]+/pods/[^/]+$");
  private static final long DEFAULT_GRACE_SECONDS = 30;
  /**
   * The mock removes an object as soon as it carries a deletionTimestamp and no finalizers, so a
   * terminating pod holds this finalizer until the kubelet's final delete (grace period 0).
   */
  static final String KUBELET_FINALIZER = "sandbox.segtpu.dev/kubelet-termination";

  private GracefulPodDeletion() {}

  /** The response to a DELETE of a running pod, or empty when the mock should delete at once. */
  static Optional<MockResponse> intercept(RecordedRequest request, String path, String query,
                                          KubernetesCrudDispatcher crud, Instant now) {
    if (!"DELETE".equals(request.getMethod()) || !POD_ITEM.matcher(path).matches()) {
      return Optional.empty();
    }
    Long requestedGrace = requestedGrace(request, query);
    MockResponse current = crud.handleGet(path);
    if (current.code() != 200) {
      return Optional.empty();
    }
    try {
      ObjectNode pod = (ObjectNode) JSON.readTree(current.getBody().readUtf8());
      if (requestedGrace != null && requestedGrace == 0) {
        return removeNow(pod, request, path, crud);
      }
      String phase = pod.path("status").path("phase").asText("");
      boolean onNode = pod.path("spec").hasNonNull("nodeName");
      if (!onNode || phase.equals("Succeeded") || phase.equals("Failed")) {
        return Optional.empty();
      }
      ObjectNode metadata = (ObjectNode) pod.get("metadata");
      if (!metadata.has("deletionTimestamp")) {
        long grace = requestedGrace != null ? requestedGrace
            : pod.path("spec").path("terminationGracePeriodSeconds").asLong(DEFAULT_GRACE_SECONDS);
        metadata.put("deletionTimestamp", now.toString());
        metadata.put("deletionGracePeriodSeconds", grace);
        metadata.withArray("finalizers").add(KUBELET_FINALIZER);
        return Optional.of(put(pod, request, path, crud));
      }
      return Optional.of(new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
          .setBody(JSON.writeValueAsString(pod)));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** A forced delete: drop our finalizer, which makes the mock remove the terminating pod. */
  private static Optional<MockResponse> removeNow(ObjectNode pod, RecordedRequest request, String path,
                                                  KubernetesCrudDispatcher crud) throws IOException {
    JsonNode finalizers = pod.path("metadata").path("finalizers");
    if (!pod.path("metadata").has("deletionTimestamp") || !finalizers.isArray()) {
      return Optional.empty();
    }
    ObjectNode metadata = (ObjectNode) pod.get("metadata");
    var remaining = JSON.createArrayNode();
    finalizers.forEach(f -> {
      if (!KUBELET_FINALIZER.equals(f.asText())) {
        remaining.add(f);
      }
    });
    if (remaining.isEmpty()) {
      metadata.remove("finalizers");
    } else {
      metadata.set("finalizers", remaining);
    }
    return Optional.of(put(pod, request, path, crud));
  }

  private static MockResponse put(ObjectNode pod, RecordedRequest request, String path, KubernetesCrudDispatcher crud)
      throws IOException {
    RecordedRequest update = new RecordedRequest("HTTP/1.1", HttpMethod.PUT, path, request.getHeaders(),
        new Buffer(JSON.writeValueAsBytes(pod)));
    return crud.dispatch(update);
  }

  private static Long requestedGrace(RecordedRequest request, String query) {
    for (String parameter : query.split("&")) {
      if (parameter.startsWith("gracePeriodSeconds=")) {
        return Long.parseLong(parameter.substring("gracePeriodSeconds=".length()));
      }
    }
    byte[] body = request.getBody() == null ? new byte[0] : request.getBody().getBytes();
    if (body.length == 0) {
      return null;
    }
    try {
      JsonNode options = JSON.readTree(body);
      return options.has("gracePeriodSeconds") ? options.get("gracePeriodSeconds").asLong() : null;
    } catch (IOException e) {
      return null;
    }
  }
}
