package dev.segtpu.sandbox.apiserver;

import dev.segtpu.sandbox.apiserver.RequestLog.ApiCall;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * An API call as the Kubernetes authorizer sees it (RequestInfo): verb, API group, resource (with
 * {@code /subresource}), namespace and name. Discovery paths ({@code /api}, {@code /apis/group/version},
 * {@code /version}) are not resource requests: every authenticated user may read them through the
 * built-in {@code system:discovery} role.
 *
 * @param namespace empty for cluster-scoped requests and for requests across all namespaces
 */
public record ResourceRequest(String verb, String apiGroup, String resource, String namespace, String name) {

  /** (group, resource, verb): what a policy rule grants, ignoring where. */
  public record Permission(String apiGroup, String resource, String verb) {
    @Override
    public String toString() {
      return (apiGroup.isEmpty() ? "core" : apiGroup) + " " + resource + " " + verb;
    }
  }

  public static Optional<ResourceRequest> of(ApiCall call) {
    List<String> parts = Arrays.stream(call.path().split("/")).filter(s -> !s.isEmpty()).toList();
    // /api/v1/... or /apis/{group}/{version}/...
    int prefix = parts.isEmpty() ? 0 : parts.get(0).equals("api") ? 2 : parts.get(0).equals("apis") ? 3 : 0;
    if (prefix == 0 || parts.size() <= prefix) {
      return Optional.empty();
    }
    String group = prefix == 2 ? "" : parts.get(1);
    List<String> rest = parts.subList(prefix, parts.size());
    String namespace = "";
    if (rest.get(0).equals("namespaces") && rest.size() > 2) {
      namespace = rest.get(1);
      rest = rest.subList(2, rest.size());
    }
    String resource = rest.get(0);
    String name = rest.size() > 1 ? rest.get(1) : "";
    if (rest.size() > 2) {
      resource = resource + "/" + rest.get(2);
    }
    return Optional.of(new ResourceRequest(verb(call, name), group, resource, namespace, name));
  }

  private static String verb(ApiCall call, String name) {
    return switch (call.method()) {
      case "GET", "HEAD" -> call.watch() ? "watch" : name.isEmpty() ? "list" : "get";
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> name.isEmpty() ? "deletecollection" : "delete";
      default -> throw new IllegalArgumentException("no RBAC verb for " + call);
    };
  }

  public Permission permission() {
    return new Permission(apiGroup, resource, verb);
  }
}
