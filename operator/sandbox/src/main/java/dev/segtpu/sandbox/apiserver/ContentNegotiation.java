package dev.segtpu.sandbox.apiserver;

import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.Arrays;
import java.util.Locale;

/**
 * The media type of an answer, as kube-apiserver negotiates it from the request's Accept header. The
 * sandbox only speaks JSON; the mock sends much of it without a Content-Type, and client-go then decodes
 * the body as the first type it asked for: kubectl describe asks for
 * {@code application/vnd.kubernetes.protobuf,application/json} and fails on JSON it takes for protobuf.
 * So every JSON answer says {@code application/json}, and a client that accepts nothing the sandbox can
 * send gets 406, as from kube-apiserver.
 */
final class ContentNegotiation {

  private ContentNegotiation() {}

  /** Whether an Accept header allows JSON: absent, a wildcard, or a JSON type (Table requests included). */
  static boolean acceptsJson(String accept) {
    if (accept == null || accept.isBlank()) {
      return true;
    }
    return Arrays.stream(accept.split(","))
        .map(range -> range.split(";", 2)[0].trim().toLowerCase(Locale.ROOT))
        .anyMatch(type -> type.equals("application/json") || type.equals("*/*") || type.equals("application/*"));
  }

  /** {@code response} labelled with the type of its body, or a 406 if the client cannot take JSON. */
  static MockResponse negotiate(RecordedRequest request, MockResponse response) {
    String type = response.getHeaders().get("Content-Type");
    boolean json = type == null || type.startsWith("application/json") || type.contains("protobuf");
    if (!json || response.getBody() == null || response.getBody().size() == 0 && type == null) {
      return response;
    }
    if (!acceptsJson(request.getHeader("Accept"))) {
      return new MockResponse().setResponseCode(406).setHeader("Content-Type", "application/json").setBody(
          "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":"
              + "\"only the following media types are accepted: application/json\",\"reason\":\"NotAcceptable\",\"code\":406}");
    }
    if (type == null || !type.startsWith("application/json")) {
      response.setHeader("Content-Type", "application/json");
    }
    return response;
  }
}
