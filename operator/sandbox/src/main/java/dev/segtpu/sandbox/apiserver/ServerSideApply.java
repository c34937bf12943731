package dev.segtpu.sandbox.apiserver;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.Optional;

/**
 * Server-side apply is not implemented: the store keeps no managedFields, so it could neither tell which
 * manager owns a field nor report conflicts. Rather than the mock's bare 415, an apply patch gets the Status
 * kube-apiserver sends for a patch type it does not accept, naming what to use instead.
 */
final class ServerSideApply {

  static final String APPLY_PATCH = "application/apply-patch+yaml";
  private static final ObjectMapper JSON = new ObjectMapper();

  private ServerSideApply() {}

  /** The refusal of an apply patch; empty for every other request. */
  static Optional<MockResponse> refuse(RecordedRequest request) {
    String type = request.getHeader("Content-Type");
    if (!"PATCH".equals(request.getMethod()) || type == null || !type.startsWith(APPLY_PATCH)) {
      return Optional.empty();
    }
    String message = "the body of the request was in an unknown format - accepted media types include: "
        + "application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json "
        + "(the segtpu sandbox does not implement server-side apply: use kubectl apply without --server-side)";
    String status = JSON.createObjectNode().put("kind", "Status").put("apiVersion", "v1").put("status", "Failure")
        .put("message", message).put("reason", "UnsupportedMediaType").put("code", 415).toString();
    return Optional.of(new MockResponse().setResponseCode(415).setHeader("Content-Type", "application/json")
        .setBody(status));
  }
}
