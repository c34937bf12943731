package dev.segtpu.sandbox.gc;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import dev.segtpu.sandbox.Loops;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kube-controller-manager's PodGC for orphaned pods: a pod bound to a node that no longer exists is
 * marked {@code DisruptionTarget=True, DeletionByPodGC} and force-deleted once the node has been gone
 * for the quarantine period. Without it, pods of a vanished node would stay Terminating forever.
 */
public final class OrphanedPodCollector implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OrphanedPodCollector.class);

  private final KubernetesClient client;
  private final Clock clock;
  private final Duration quarantine;
  private final Map<String, Instant> orphanedSince = new ConcurrentHashMap<>();
  private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "sandbox-podgc");
    thread.setDaemon(true);
    return thread;
  });

  public OrphanedPodCollector(KubernetesClient client, Clock clock, Duration quarantine) {
    this.client = client;
    this.clock = clock;
    this.quarantine = quarantine;
  }

  public OrphanedPodCollector start(long periodMillis) {
    loop.scheduleWithFixedDelay(this::collectOnce, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    return this;
  }

  void collectOnce() {
    try {
      Set<String> nodes = client.nodes().list().getItems().stream().map(n -> n.getMetadata().getName())
          .collect(Collectors.toSet());
      Instant now = clock.instant();
      Set<String> orphans = ConcurrentHashMap.newKeySet();
      for (Pod pod : client.pods().inAnyNamespace().list().getItems()) {
        String node = pod.getSpec().getNodeName();
        if (node == null || nodes.contains(node)) {
          continue;
        }
        String key = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
        orphans.add(key);
        Instant since = orphanedSince.computeIfAbsent(key, k -> now);
        if (Duration.between(since, now).compareTo(quarantine) >= 0) {
          collect(pod, now);
          orphanedSince.remove(key);
        }
      }
      orphanedSince.keySet().retainAll(orphans);
    } catch (KubernetesClientException e) {
      Loops.passFailed(LOG, "pod GC pass", e);
    }
  }

  private void collect(Pod pod, Instant now) {
    var resource = client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName());
    try {
      resource.editStatus(p -> {
        List<PodCondition> conditions = new ArrayList<>(p.getStatus() == null || p.getStatus().getConditions() == null
            ? List.of() : p.getStatus().getConditions());
        conditions.removeIf(c -> "DisruptionTarget".equals(c.getType()));
        conditions.add(new PodConditionBuilder().withType("DisruptionTarget").withStatus("True")
            .withReason("DeletionByPodGC").withMessage("PodGC: node " + pod.getSpec().getNodeName() + " no longer exists")
            .withLastTransitionTime(now.toString()).build());
        p.getStatus().setConditions(conditions);
        return p;
      });
    } catch (KubernetesClientException e) {
      LOG.debug("could not mark {}: {}", pod.getMetadata().getName(), e.getMessage());
    }
    resource.withGracePeriod(0).delete();
    LOG.info("PodGC: deleted {}/{} (node {} is gone)", pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
        pod.getSpec().getNodeName());
  }

  @Override
  public void close() {
    Loops.stop(loop);
  }
}
