package dev.segtpu.sandbox.nodepool;

import dev.segtpu.api.Provisioning;
import dev.segtpu.sandbox.Loops;
import dev.segtpu.sandbox.kubelet.SandboxKubelet;
import dev.segtpu.tpu.SliceShape;
import dev.segtpu.tpu.TpuCatalog;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GKE flex-start capacity (Dynamic Workload Scheduler) as a workload meets it: a flex-start pool has no
 * nodes until pods ask for them; a slice appears after the provisioning wait (all its hosts at once), runs
 * at most its maximum run duration (the pod's {@code cloud.google.com/gke-max-run-duration-seconds}, or the
 * pool's own, whichever is shorter; seven days otherwise) and is then taken back with a graceful node
 * shutdown, as a Spot reclaim is. What differs from GKE: the wait is fixed rather than whenever capacity
 * frees up, and nothing is queued or billed apart from the nodes' lifetime.
 */
public final class FlexStartCapacity implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FlexStartCapacity.class);

  /** GKE's node label of flex-start nodes, and the pod's selector of a run duration (docs/gke-capacity.md). */
  public static final String MAX_RUN_LABEL = "cloud.google.com/gke-max-run-duration-seconds";
  static final Duration DEFAULT_MAX_RUN = Duration.ofDays(7);

  private record Provisioned(NodePoolSpec pool, int slice, List<String> nodes, Instant takenBackAt) {}

  private final KubernetesClient client;
  private final SandboxKubelet kubelet;
  private final TpuCatalog catalog;
  private final List<NodePoolSpec> pools;
  private final Duration wait;
  private final Duration shutdownGrace;
  private final Clock clock;
  private final Map<String, Provisioned> provisioned = new LinkedHashMap<>();
  private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "sandbox-flex-start");
    thread.setDaemon(true);
    return thread;
  });

  /**
   * @param pools the flex-start pools (others are ignored): how many slices each may provision at once
   * @param wait how long pods wait before their slice is provisioned
   */
  public FlexStartCapacity(KubernetesClient client, SandboxKubelet kubelet, TpuCatalog catalog, List<NodePoolSpec> pools,
                           Duration wait, Duration shutdownGrace, Clock clock) {
    this.client = client;
    this.kubelet = kubelet;
    this.catalog = catalog;
    this.pools = pools.stream().filter(p -> p.provisioning() == Provisioning.FLEX_START).toList();
    this.wait = wait;
    this.shutdownGrace = shutdownGrace;
    this.clock = clock;
  }

  public FlexStartCapacity start(long periodMillis) {
    if (!pools.isEmpty()) {
      loop.scheduleWithFixedDelay(this::syncOnce, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }
    return this;
  }

  /** One pass: take back slices whose run ended, then provision a slice for pods that waited long enough. */
  synchronized void syncOnce() {
    try {
      Instant now = clock.instant();
      for (Provisioned slice : List.copyOf(provisioned.values())) {
        if (!now.isBefore(slice.takenBackAt())) {
          takeBack(slice);
        }
      }
      for (Pod pod : client.pods().inAnyNamespace().list().getItems()) {
        if (waiting(pod, now)) {
          poolFor(pod).ifPresent(pool -> provision(pool, pod, now));
        }
      }
    } catch (KubernetesClientException e) {
      Loops.passFailed(LOG, "flex-start capacity", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private boolean waiting(Pod pod, Instant now) {
    Map<String, String> selector = pod.getSpec().getNodeSelector();
    // the cluster autoscaler provisions for no pod with scheduling gates (Kueue's, before admission)
    boolean gated = pod.getSpec().getSchedulingGates() != null && !pod.getSpec().getSchedulingGates().isEmpty();
    if (selector == null || !"true".equals(selector.get(TpuNodes.FLEX_START_LABEL)) || pod.getSpec().getNodeName() != null
        || pod.getMetadata().getDeletionTimestamp() != null || gated) {
      return false;
    }
    Instant created = Instant.parse(pod.getMetadata().getCreationTimestamp());
    return !now.isBefore(created.plus(wait));
  }

  /** The flex-start pool of the pod's accelerator and topology. */
  private Optional<NodePoolSpec> poolFor(Pod pod) {
    Map<String, String> selector = pod.getSpec().getNodeSelector();
    return pools.stream().filter(pool -> {
      SliceShape shape = catalog.requireSlice(pool.generation(), pool.topology());
      return shape.acceleratorLabel().equals(selector.get(TpuNodes.ACCELERATOR_LABEL))
          && pool.topology().equals(selector.get(TpuNodes.TOPOLOGY_LABEL));
    }).findFirst();
  }

  /** A free slice number of the pool, if it has not provisioned all it may. */
  private void provision(NodePoolSpec pool, Pod pod, Instant now) {
    List<Integer> used = provisioned.values().stream().filter(p -> p.pool().equals(pool)).map(Provisioned::slice).toList();
    if (used.size() >= pool.slices()) {
      return;
    }
    int slice = 0;
    while (used.contains(slice)) {
      slice++;
    }
    Duration run = maxRun(pool, pod);
    String asked = pod.getSpec().getNodeSelector().get(MAX_RUN_LABEL);
    List<String> names = new ArrayList<>();
    for (Node node : TpuNodes.forSlice(pool, slice, catalog, now)) {
      if (asked != null) {
        node.getMetadata().getLabels().put(MAX_RUN_LABEL, asked);
      }
      names.add(client.nodes().resource(node).createOr(existing -> existing.update()).getMetadata().getName());
    }
    provisioned.put(pool.name() + "/" + slice, new Provisioned(pool, slice, names, now.plus(run)));
    LOG.info("flex-start: provisioned slice {} of {} ({} nodes) for {} s, for pod {}/{}", slice, pool.name(), names.size(),
        run.toSeconds(), pod.getMetadata().getNamespace(), pod.getMetadata().getName());
  }

  private static Duration maxRun(NodePoolSpec pool, Pod pod) {
    Duration run = DEFAULT_MAX_RUN;
    String asked = pod.getSpec().getNodeSelector().get(MAX_RUN_LABEL);
    if (asked != null && asked.matches("\\d{1,9}")) {
      run = Duration.ofSeconds(Long.parseLong(asked));
    }
    return pool.maxRun() != null && pool.maxRun().compareTo(run) < 0 ? pool.maxRun() : run;
  }

  /** The run is over: every host of the slice shuts down gracefully, and the slice is free to provision again. */
  private void takeBack(Provisioned slice) throws InterruptedException {
    LOG.info("flex-start: slice {} of {} reached its maximum run; taking it back", slice.slice(), slice.pool().name());
    for (String node : slice.nodes()) {
      kubelet.shutdownNode(node, shutdownGrace);
    }
    provisioned.remove(slice.pool().name() + "/" + slice.slice());
  }

  @Override
  public void close() {
    loop.shutdownNow();
  }
}
