package dev.segtpu.sandbox.reclaim;

import dev.segtpu.sandbox.kubelet.SandboxKubelet;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes TPU capacity away from a running job the way Google Cloud does, and gives it back after a
 * delay: a graceful node shutdown (SIGTERM, grace period, pod Failed with DisruptionTarget) or a node
 * that simply vanishes (SIGKILL, nobody reports).
 */
public final class SpotReclaimer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SpotReclaimer.class);

  /** How the node goes away. */
  public enum Mode { SHUTDOWN, VANISH }

  private final KubernetesClient client;
  private final SandboxKubelet kubelet;
  private final Duration shutdownGrace;
  private final Duration capacityReturn;
  private final java.util.concurrent.atomic.AtomicInteger replacements = new java.util.concurrent.atomic.AtomicInteger();
  private final ScheduledExecutorService returns = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "sandbox-capacity-return");
    thread.setDaemon(true);
    return thread;
  });

  public SpotReclaimer(KubernetesClient client, SandboxKubelet kubelet, Duration shutdownGrace, Duration capacityReturn) {
    this.client = client;
    this.kubelet = kubelet;
    this.shutdownGrace = shutdownGrace;
    this.capacityReturn = capacityReturn;
  }

  /**
   * Reclaims the node under a running worker of the job; returns the node's name, or empty when no
   * worker of the job runs right now.
   */
  public Optional<String> reclaim(String namespace, String job, Mode mode) throws InterruptedException {
    Optional<Pod> victim = client.pods().inNamespace(namespace).withLabel("segtpu.dev/job", job).list().getItems().stream()
        .filter(p -> p.getSpec().getNodeName() != null && p.getStatus() != null && "Running".equals(p.getStatus().getPhase())
            && p.getMetadata().getDeletionTimestamp() == null)
        .findFirst();
    if (victim.isEmpty()) {
      return Optional.empty();
    }
    String nodeName = victim.get().getSpec().getNodeName();
    Node node = client.nodes().withName(nodeName).get();
    if (node == null) {
      return Optional.empty();
    }
    LOG.info("reclaiming node {} ({}) under {}/{}", nodeName, mode, namespace, victim.get().getMetadata().getName());
    if (mode == Mode.SHUTDOWN) {
      kubelet.shutdownNode(nodeName, shutdownGrace);
    } else {
      kubelet.vanishNode(nodeName);
    }
    // The replacement VM registers under a new name, so pods still bound to the old one are orphans
    // for PodGC rather than ghosts on a node that came back.
    String replacement = baseName(nodeName) + "-r" + replacements.incrementAndGet();
    Map<String, String> labels = new java.util.LinkedHashMap<>(node.getMetadata().getLabels());
    labels.put("kubernetes.io/hostname", replacement);
    Node fresh = new NodeBuilder().withNewMetadata().withName(replacement).withLabels(labels)
        .endMetadata().withSpec(node.getSpec()).withStatus(node.getStatus()).build();
    returns.schedule(() -> {
      client.nodes().resource(fresh).create();
      LOG.info("capacity back: node {} replaces {}", replacement, nodeName);
    }, capacityReturn.toMillis(), TimeUnit.MILLISECONDS);
    return Optional.of(nodeName);
  }

  private static String baseName(String nodeName) {
    int replaced = nodeName.lastIndexOf("-r");
    return replaced > 0 && nodeName.substring(replaced + 2).chars().allMatch(Character::isDigit)
        ? nodeName.substring(0, replaced) : nodeName;
  }

  @Override
  public void close() {
    returns.shutdownNow();
  }
}
