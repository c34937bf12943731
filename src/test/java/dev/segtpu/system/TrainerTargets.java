package dev.segtpu.system;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The sandbox's trainer pods as a Prometheus {@code file_sd_configs} file, kept current: each running
 * worker's {@code status} port, labelled as dashboards/prometheus-scrape.yaml and the chart's PodMonitor
 * relabel them in a cluster (namespace, job and attempt from the pod's labels, pod).
 */
final class TrainerTargets implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final KubernetesClient client;
  private final Path file;
  private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor();

  TrainerTargets(KubernetesClient client, Path file) {
    this.client = client;
    this.file = file;
    write();
    refresher.scheduleWithFixedDelay(this::refresh, 500, 500, TimeUnit.MILLISECONDS);
  }

  Path file() {
    return file;
  }

  /** A failed refresh (the API server busy, say) is simply retried on the next tick. */
  private void refresh() {
    try {
      write();
    } catch (RuntimeException retried) {
      // keep the previous file
    }
  }

  private void write() {
    List<Map<String, Object>> groups = new ArrayList<>();
    for (Pod pod : client.pods().inAnyNamespace().withLabel("segtpu.dev/job").list().getItems()) {
      String ip = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
      if (ip == null || !"Running".equals(pod.getStatus().getPhase())) {
        continue;
      }
      Map<String, String> labels = pod.getMetadata().getLabels();
      groups.add(Map.of(
          "targets", List.of(ip + ":" + statusPort(pod)),
          "labels", Map.of("namespace", pod.getMetadata().getNamespace(), "job", labels.get("segtpu.dev/job"),
              "attempt", labels.getOrDefault("segtpu.dev/attempt", ""), "pod", pod.getMetadata().getName())));
    }
    try {
      Path next = file.resolveSibling(file.getFileName() + ".next");
      JSON.writeValue(next.toFile(), groups);
      Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int statusPort(Pod pod) {
    return pod.getSpec().getContainers().stream()
        .flatMap(c -> c.getPorts() == null ? java.util.stream.Stream.<ContainerPort>empty() : c.getPorts().stream())
        .filter(p -> "status".equals(p.getName()))
        .mapToInt(ContainerPort::getContainerPort)
        .findFirst().orElseThrow(() -> new IllegalStateException(pod.getMetadata().getName() + " has no port named status"));
  }

  @Override
  public void close() {
    refresher.shutdownNow();
  }
}
