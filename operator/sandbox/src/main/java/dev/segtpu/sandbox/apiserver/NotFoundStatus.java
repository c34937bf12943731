package dev.segtpu.sandbox.apiserver;

import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The body kube-apiserver sends with a 404 for a named object, which the mock leaves empty: a Status
 * saying {@code pods "x" not found} (group-qualified for other groups). Without it kubectl can only say
 * "the server could not find the requested resource".
 */
final class NotFoundStatus {

  private static final Pattern OBJECT = Pattern.compile(
      "^/(?:api/v1|apis/([^/]+)/[^/]+)/(?:namespaces/[^/]+/)?([^/]+)/([^/]+)(?:/[^/]+)?$");

  private NotFoundStatus() {}

  static MockResponse fill(RecordedRequest request, MockResponse response) {
    if (response.code() != 404 || response.getBody() != null && response.getBody().size() > 0) {
      return response;
    }
    String path = request.getPath().contains("?") ? request.getPath().substring(0, request.getPath().indexOf('?'))
        : request.getPath();
    Matcher matcher = OBJECT.matcher(path);
    if (!matcher.matches() || matcher.group(2).equals("namespaces") && path.startsWith("/api/v1/namespaces/")
        && path.split("/").length > 5) {
      return response;
    }
    String resource = matcher.group(1) == null ? matcher.group(2) : matcher.group(2) + "." + matcher.group(1);
    String name = matcher.group(3);
    String body = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\""
        + resource + " \\\"" + name + "\\\" not found\",\"reason\":\"NotFound\",\"details\":{\"name\":\"" + name
        + "\"" + (matcher.group(1) == null ? "" : ",\"group\":\"" + matcher.group(1) + "\"") + ",\"kind\":\""
        + matcher.group(2) + "\"},\"code\":404}";
    return response.setHeader("Content-Type", "application/json").setBody(body);
  }
}
