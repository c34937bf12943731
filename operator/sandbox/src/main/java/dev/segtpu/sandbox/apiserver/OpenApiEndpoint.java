package dev.segtpu.sandbox.apiserver;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.mockwebserver.http.MockResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Answers {@code /openapi/v3}, {@code /openapi/v3/<group version>} and {@code /openapi/v2}. Version 2 is
 * served as JSON only: kube-apiserver also offers it as gnostic protobuf, which kubectl asks for exclusively
 * ({@code application/com.github.proto-openapi.spec.v2@v1.0+protobuf}); to such a request the sandbox answers
 * 406 Not Acceptable rather than bytes kubectl would fail to parse. kubectl 1.27 and later read version 3
 * first and only fall back to version 2 when the server has no version 3.
 */
final class OpenApiEndpoint {

  private static final ObjectMapper JSON = new ObjectMapper();

  private OpenApiEndpoint() {}

  static boolean handles(String path) {
    return path.equals("/openapi/v2") || path.equals(OpenApiV3.PREFIX) || path.startsWith(OpenApiV3.PREFIX + "/");
  }

  static MockResponse answer(String path, String accept, List<CustomResourceDefinition> crds) {
    OpenApiV3 documents = OpenApiV3.of(crds);
    if (path.equals(OpenApiV3.PREFIX)) {
      return json(200, documents.index());
    }
    if (path.equals("/openapi/v2")) {
      if (accept != null && !accept.contains("application/json") && !accept.contains("*/*")) {
        return json(406, status(406, "NotAcceptable", "the sandbox serves /openapi/v2 as application/json only; "
            + "kubectl uses /openapi/v3"));
      }
      return json(200, version2(documents));
    }
    Optional<String> document = documents.document(path.substring(OpenApiV3.PREFIX.length() + 1));
    return document.map(d -> json(200, d).setHeader("Cache-Control", "public, immutable"))
        .orElseGet(() -> json(404, status(404, "NotFound", "the server could not find the requested resource")));
  }

  /** Swagger 2.0 with the same schemas as version 3 (definitions instead of components). */
  private static String version2(OpenApiV3 documents) {
    try {
      ObjectNode swagger = JSON.createObjectNode();
      swagger.put("swagger", "2.0");
      swagger.putObject("info").put("title", "Kubernetes").put("version", "v1.32.0");
      swagger.putObject("paths");
      ObjectNode definitions = swagger.putObject("definitions");
      JSON.readTree(documents.index()).path("paths").fieldNames().forEachRemaining(gv -> {
        try {
          String document = documents.document(gv).orElseThrow()
              .replace("#/components/schemas/", "#/definitions/");
          definitions.setAll((ObjectNode) JSON.readTree(document).path("components").path("schemas"));
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      });
      return swagger.toString();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String status(int code, String reason, String message) {
    return JSON.createObjectNode().put("kind", "Status").put("apiVersion", "v1").put("status", "Failure")
        .put("message", message).put("reason", reason).put("code", code).toString();
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(body);
  }
}
