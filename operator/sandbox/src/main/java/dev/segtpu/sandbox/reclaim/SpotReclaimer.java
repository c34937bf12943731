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
 * delay: a graceful node shutdown (SIGTERM, grace period, pod Failed with DisruptionTarget), a node
 * that simply vanishes (SIGKILL, nobody reports), or a node cut off by a network partition (the cluster
 * loses it, its processes train on).
 */
public final class SpotReclaimer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SpotReclaimer.class);

  /** How the node goes away. */
  public enum Mode {
    /** GKE's graceful node shutdown: SIGTERM, the grace period, pods Failed with DisruptionTarget, node deleted. */
    SHUTDOWN,
    /** The VM is gone at once: processes SIGKILLed, nobody updates their pods, node deleted. */
    VANISH,
    /**
     * A network partition: the node is deleted from the API server's view but its processes get no
     * signal and keep running, still writing to the checkpoint storage, until the trainer's fencing
     * stops them (exit 3). On GKE the node would first be NotReady for about 40 s and its pods evicted
     * minutes later (and stay Terminating until the node object goes); the sandbox skips to the node
     * object being gone, which is when the operator sees the gang lost.
     */
    CUT_OFF
  }

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
   * Reclaims the node under a running worker of the job's newest attempt; empty when none runs right
   * now. A worker counts as running when its pod is Running, not being deleted, and on a node that
   * still exists: a pod left behind on a vanished or cut-off node still says Running until PodGC
   * removes it, and reclaiming "its" node again would hit nothing.
   */
  public Optional<Reclaim> reclaim(String namespace, String job, Mode mode) throws InterruptedException {
    Optional<Pod> victim = client.pods().inNamespace(namespace).withLabel("segtpu.dev/job", job).list().getItems().stream()
        .filter(p -> p.getSpec().getNodeName() != null && p.getStatus() != null && "Running".equals(p.getStatus().getPhase())
            && p.getMetadata().getDeletionTimestamp() == null)
        .filter(p -> client.nodes().withName(p.getSpec().getNodeName()).get() != null)
        .max(java.util.Comparator.comparingInt(SpotReclaimer::attempt));
    if (victim.isEmpty()) {
      return Optional.empty();
    }
    String nodeName = victim.get().getSpec().getNodeName();
    Node node = client.nodes().withName(nodeName).get();
    if (node == null) {
      return Optional.empty();
    }
    LOG.info("reclaiming node {} ({}) under {}/{}", nodeName, mode, namespace, victim.get().getMetadata().getName());
    switch (mode) {
      case SHUTDOWN -> kubelet.shutdownNode(nodeName, shutdownGrace);
      case VANISH -> kubelet.vanishNode(nodeName);
      case CUT_OFF -> kubelet.cutOffNode(nodeName);
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
    return Optional.of(new Reclaim(nodeName, mode, victim.get().getMetadata().getName(), attempt(victim.get())));
  }

  private static int attempt(Pod pod) {
    String value = pod.getMetadata().getLabels() == null ? null : pod.getMetadata().getLabels().get("segtpu.dev/attempt");
    try {
      return value == null ? -1 : Integer.parseInt(value);
    } catch (NumberFormatException e) {
      return -1;
    }
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
