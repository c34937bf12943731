package dev.segtpu.sandbox.kubelet;

import java.nio.file.Path;

/**
 * Where the sandbox kubelet keeps container logs and how much of them: the node layout
 * {@code /var/log/pods/<namespace>_<pod>_<uid>/<container>/<restartCount>.log} under the sandbox root,
 * so a pod re-created under the same name never shows its predecessor's lines, and the kubelet's
 * default bounds (containerLogMaxSize 10Mi, containerLogMaxFiles 5) per container instance.
 */
public final class ContainerLogs {

  public static final long MAX_BYTES = 10L * 1024 * 1024;
  public static final int MAX_FILES = 5;

  private ContainerLogs() {}

  /** The current log file of one instance of a container; instance {@code n} is the one after n restarts. */
  public static Path file(Path sandboxRoot, String namespace, String pod, String uid, String container, int restartCount) {
    return sandboxRoot.resolve("logs").resolve("pods").resolve(namespace + "_" + pod + "_" + (uid == null ? "" : uid))
        .resolve(container).resolve(restartCount + ".log");
  }
}
