package dev.segtpu.sandbox.kueue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.segtpu.operator.workload.GangNames;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Kueue's pod webhook, as the sandbox's API server runs it on every pod creation: a pod labelled with a
 * queue ({@code kueue.x-k8s.io/queue-name}) gets Kueue's scheduling gate, its {@code kueue.x-k8s.io/managed}
 * label and finalizer, so it waits unscheduled until {@link KueueAdmission} admits its group. (Kueue's
 * pod integration, enabled for every namespace here; on GKE it is enabled in Kueue's configuration,
 * {@code integrations.frameworks: ["pod"]}.)
 */
public final class KueuePodWebhook {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern POD_COLLECTION = Pattern.compile("^/api/v1/namespaces/[^/]+/pods$");

  private KueuePodWebhook() {}

  /** The creation as the store should see it: gated when the pod is in a queue; empty to leave it alone. */
  public static Optional<RecordedRequest> admit(RecordedRequest request, String path) {
    if (!"POST".equals(request.getMethod()) || !POD_COLLECTION.matcher(path).matches()) {
      return Optional.empty();
    }
    try {
      if (request.getBody() == null) {
        return Optional.empty();
      }
      // getBytes() leaves the body unread for the store
      JsonNode pod = JSON.readTree(request.getBody().getBytes());
      if (!(pod instanceof ObjectNode object) || pod.path("metadata").path("labels").path(GangNames.KUEUE_QUEUE_LABEL).isMissingNode()) {
        return Optional.empty();
      }
      ObjectNode metadata = (ObjectNode) object.get("metadata");
      ((ObjectNode) metadata.get("labels")).put(Kueue.MANAGED_LABEL, "true");
      ArrayNode finalizers = metadata.has("finalizers") ? (ArrayNode) metadata.get("finalizers") : metadata.putArray("finalizers");
      finalizers.add(Kueue.MANAGED_FINALIZER);
      ObjectNode spec = object.has("spec") ? (ObjectNode) object.get("spec") : object.putObject("spec");
      ArrayNode gates = spec.has("schedulingGates") ? (ArrayNode) spec.get("schedulingGates") : spec.putArray("schedulingGates");
      gates.addObject().put("name", GangNames.KUEUE_ADMISSION_GATE);
      byte[] body = JSON.writeValueAsBytes(object);
      return Optional.of(new RecordedRequest(request.getHttpVersion(), request.method(), request.getPath(), request.getHeaders(),
          new Buffer(body)));
    } catch (IOException | ClassCastException e) {
      return Optional.empty();
    }
  }
}
