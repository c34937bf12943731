package dev.segtpu.api.validation;

import java.util.List;

/**
 * Which node directories a job may mount through {@code hostPath} storage. A hostPath volume gives the
 * job's image (chosen by whoever creates the job) the node's files, so an operator on a real cluster
 * allows none by default; the sandbox, whose nodes are the developer's own machine, allows any.
 *
 * @param allowedPrefixes absolute directories under which host paths are allowed; empty allows none
 */
public record HostPathPolicy(List<String> allowedPrefixes) {

  public static final HostPathPolicy NONE = new HostPathPolicy(List.of());
  public static final HostPathPolicy ANY = new HostPathPolicy(List.of("/"));

  public HostPathPolicy {
    allowedPrefixes = List.copyOf(allowedPrefixes);
  }

  /** Whether {@code path} is one of the prefixes or lies below one (segment-wise: /data allows /data/x, not /database). */
  public boolean allows(String path) {
    for (String prefix : allowedPrefixes) {
      String base = prefix.endsWith("/") ? prefix : prefix + "/";
      if (prefix.equals("/") || path.equals(prefix) || path.startsWith(base)) {
        return true;
      }
    }
    return false;
  }
}
