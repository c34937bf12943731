package dev.segtpu.sandbox.apiserver;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A resource URL taken apart: {@code /api/v1/namespaces/ns/pods/name}, {@code /apis/group/version/plural},
 * and the deprecated {@code /api/v1/watch/...} form kube-apiserver still serves. Watches key their
 * history by {@link #resource()} (group and plural), since every version of a resource shows the same objects.
 *
 * @param namespace empty for cluster-scoped resources and for paths across all namespaces
 * @param name empty for collection paths
 */
record ResourcePath(String group, String version, String plural, String namespace, String name, boolean watchPrefix) {

  private static final List<String> NAMESPACE_SUBRESOURCES = List.of("status", "finalize");

  static Optional<ResourcePath> parse(String path) {
    String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    List<String> parts = Arrays.stream(bare.split("/")).filter(s -> !s.isEmpty()).toList();
    int prefix = parts.isEmpty() ? 0 : parts.get(0).equals("api") ? 2 : parts.get(0).equals("apis") ? 3 : 0;
    if (prefix == 0 || parts.size() <= prefix) {
      return Optional.empty();
    }
    String group = prefix == 2 ? "" : parts.get(1);
    String version = parts.get(prefix - 1);
    List<String> rest = parts.subList(prefix, parts.size());
    boolean watchPrefix = rest.get(0).equals("watch");
    if (watchPrefix) {
      rest = rest.subList(1, rest.size());
      if (rest.isEmpty()) {
        return Optional.empty();
      }
    }
    if (rest.get(0).equals("namespaces") && rest.size() >= 2
        && (rest.size() == 2 || NAMESPACE_SUBRESOURCES.contains(rest.get(2)))) {
      return Optional.of(new ResourcePath(group, version, "namespaces", "", rest.get(1), watchPrefix));
    }
    String namespace = "";
    if (rest.get(0).equals("namespaces") && rest.size() > 2) {
      namespace = rest.get(1);
      rest = rest.subList(2, rest.size());
    }
    return Optional.of(new ResourcePath(group, version, rest.get(0), namespace, rest.size() > 1 ? rest.get(1) : "",
        watchPrefix));
  }

  /** The resource as watches know it: {@code group/plural}, {@code /pods} for the core group. */
  String resource() {
    return group + "/" + plural;
  }
}
