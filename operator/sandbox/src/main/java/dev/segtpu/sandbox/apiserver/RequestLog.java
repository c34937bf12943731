package dev.segtpu.sandbox.apiserver;

import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.ArrayList;
import java.util.List;

/** Every API call the sandbox served (method and path), so tests can check RBAC covers what the operator does. */
public final class RequestLog {

  /** One API call: HTTP method, path without the query, and the user agent that made it. */
  public record ApiCall(String method, String path, String userAgent) {}

  private final List<ApiCall> calls = new ArrayList<>();

  synchronized void record(RecordedRequest request) {
    String path = request.getPath();
    calls.add(new ApiCall(request.getMethod(), path.contains("?") ? path.substring(0, path.indexOf('?')) : path,
        request.getHeader("User-Agent")));
  }

  public synchronized List<ApiCall> calls() {
    return List.copyOf(calls);
  }
}
