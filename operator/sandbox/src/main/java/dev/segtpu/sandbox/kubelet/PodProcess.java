package dev.segtpu.sandbox.kubelet;

import dev.segtpu.contract.TrainerContract;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One pod's container running as a local child process, as the sandbox kubelet runs it: environment
 * from the pod spec (downward API resolved), volumes mapped to host folders, stdout and stderr kept in
 * the container's log ({@link ContainerLogs}) as a node's runtime keeps them.
 * Stopping follows the kubelet: SIGTERM, the grace period, then SIGKILL.
 */
public final class PodProcess {

  private static final String TERMINATION_MESSAGE = "termination-log";
  private static final int LOG_TAIL_LINES = 80;
  private static final int LOG_TAIL_BYTES = 2048;

  private final Pod pod;
  private final Process process;
  private final Path podDirectory;
  private final Path logFile;
  private final ContainerLogWriter log;
  private final Instant startedAt;

  private PodProcess(Pod pod, Process process, Path podDirectory, Path logFile, ContainerLogWriter log,
      Instant startedAt) {
    this.pod = pod;
    this.process = process;
    this.podDirectory = podDirectory;
    this.logFile = logFile;
    this.log = log;
    this.startedAt = startedAt;
  }

  /**
   * Starts the pod's (single) container.
   *
   * @param podIp the address the pod gets (the sandbox gives each pod its own 127.x.y.z)
   * @param sandboxRoot where per-pod folders and stand-ins for PVCs and buckets live
   */
  public static PodProcess start(Pod pod, String podIp, Path sandboxRoot, LocalImages images) {
    return start(pod, podIp, sandboxRoot, images, List.of());
  }

  /** @param podJvmOptions options for the container's JVM, when its image runs one (the pod's DNS) */
  public static PodProcess start(Pod pod, String podIp, Path sandboxRoot, LocalImages images, List<String> podJvmOptions) {
    String name = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    if (pod.getSpec().getContainers().size() != 1) {
      throw new IllegalArgumentException("pod " + name + ": the sandbox runs pods with exactly one container");
    }
    try {
      Path podDirectory = Files.createDirectories(sandboxRoot.resolve("pods")
          .resolve(pod.getMetadata().getNamespace()).resolve(pod.getMetadata().getName()));
      Map<String, Path> mounts = PodVolumes.mounts(pod, sandboxRoot, podDirectory);
      List<String> command = images.commandLine(pod.getSpec().getContainers().get(0),
          argument -> PodVolumes.toHostPath(argument, mounts), podJvmOptions);
      var container = pod.getSpec().getContainers().get(0);
      Path logFile = ContainerLogs.file(sandboxRoot, pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
          pod.getMetadata().getUid(), container.getName(), 0);
      // A real kubelet mounts the container's terminationMessagePath; here the file is in the pod's
      // folder and the trainer contract's variable names it.
      Files.write(podDirectory.resolve(TERMINATION_MESSAGE), new byte[0]);
      ProcessBuilder builder = new ProcessBuilder(command)
          .directory(podDirectory.toFile());
      Map<String, String> environment = builder.environment();
      environment.keySet().retainAll(List.of("PATH", "HOME", "LANG", "JAVA_HOME", "TMPDIR"));
      environment.putAll(images.imageEnvironment(pod.getSpec().getContainers().get(0)));
      environment.putAll(PodEnvironment.resolve(pod, podIp, mounts));
      environment.put(TrainerContract.TERMINATION_MESSAGE_PATH, podDirectory.resolve(TERMINATION_MESSAGE).toString());
      Process process = builder.start();
      ContainerLogWriter log = new ContainerLogWriter(logFile, ContainerLogs.MAX_BYTES, ContainerLogs.MAX_FILES,
          java.time.Clock.systemUTC());
      log.capture(process.getInputStream(), "stdout", "pod-log-" + name);
      log.capture(process.getErrorStream(), "stderr", "pod-log-" + name);
      log.drained().thenRun(log::close);
      return new PodProcess(pod, process, podDirectory, logFile, log, Instant.now());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start pod " + name, e);
    }
  }

  public Pod pod() {
    return pod;
  }

  public long pid() {
    return process.pid();
  }

  public Instant startedAt() {
    return startedAt;
  }

  /** The container's current log file (CRI format, see {@link ContainerLogReader}). */
  public Path logFile() {
    return logFile;
  }

  public boolean alive() {
    return process.isAlive();
  }

  public CompletableFuture<Process> onExit() {
    return process.onExit();
  }

  /**
   * The container's termination message as Kubernetes reports it once it exited: the first
   * {@value TrainerContract#TERMINATION_MESSAGE_LIMIT_BYTES} bytes of its termination message file; when that
   * is empty, the container failed and its policy is FallbackToLogsOnError, the last 80 lines of its log, at
   * most 2048 bytes.
   */
  public Optional<String> terminationMessage() {
    Optional<String> written = firstBytes(podDirectory.resolve(TERMINATION_MESSAGE), TrainerContract.TERMINATION_MESSAGE_LIMIT_BYTES);
    if (written.isPresent() || exitCode() == 0
        || !"FallbackToLogsOnError".equals(pod.getSpec().getContainers().get(0).getTerminationMessagePolicy())) {
      return written;
    }
    try {
      // the process has ended; its last lines may still be on their way from the pipes
      log.drained().get(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      // take what is there
    }
    try {
      List<String> lines = ContainerLogReader.entries(logFile).stream().map(CriLogLine::text).toList();
      String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
      byte[] bytes = tail.getBytes(StandardCharsets.UTF_8);
      String last = bytes.length <= LOG_TAIL_BYTES ? tail
          : new String(bytes, bytes.length - LOG_TAIL_BYTES, LOG_TAIL_BYTES, StandardCharsets.UTF_8);
      return last.isBlank() ? Optional.empty() : Optional.of(last);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> firstBytes(Path file, int limit) {
    try (InputStream in = Files.newInputStream(file)) {
      String text = new String(in.readNBytes(limit), StandardCharsets.UTF_8);
      return text.isBlank() ? Optional.empty() : Optional.of(text);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The exit code, once the process has ended. */
  public int exitCode() {
    return process.exitValue();
  }

  /** SIGTERM, wait up to {@code grace}, then SIGKILL; returns the exit code. */
  public int stop(Duration grace) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      process.waitFor();
    }
    return process.exitValue();
  }

  /** SIGKILL at once: the node vanished. */
  public int kill() throws InterruptedException {
    process.destroyForcibly();
    return process.waitFor();
  }
}
