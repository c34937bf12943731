package dev.segtpu.sandbox.apiserver;

import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.ArrayList;
import java.util.List;

/** Every API call the sandbox served (method and path), so tests can check RBAC covers what the operator does. */
public final class RequestLog {

  /** One API call: HTTP method, path without the query, the user agent that made it, and the query. */
  public record ApiCall(String method, String path, String userAgent, String query) {

    public ApiCall(String method, String path, String userAgent) {
      this(method, path, userAgent, "");
    }

    /** A GET with {@code watch=true} (RBAC verb watch, not list). */
    public boolean watch() {
      return "GET".equals(method) && java.util.Arrays.asList(query.split("&")).contains("watch=true");
    }
  }

  private final List<ApiCall> calls = new ArrayList<>();

  synchronized void record(RecordedRequest request) {
    String path = request.getPath();
    int query = path.indexOf('?');
    calls.add(new ApiCall(request.getMethod(), query < 0 ? path : path.substring(0, query), request.getHeader("User-Agent"),
        query < 0 ? "" : path.substring(query + 1)));
  }

  public synchronized List<ApiCall> calls() {
    return List.copyOf(calls);
  }
}
