package dev.segtpu.sandbox.nodepool;

import dev.segtpu.api.Provisioning;
import dev.segtpu.tpu.SliceShape;
import dev.segtpu.tpu.TpuCatalog;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the Node objects GKE would create for a TPU node pool: real labels, taints and capacity. */
public final class TpuNodes {

  public static final String ACCELERATOR_LABEL = "cloud.google.com/gke-tpu-accelerator";
  public static final String TOPOLOGY_LABEL = "cloud.google.com/gke-tpu-topology";
  public static final String NODE_POOL_LABEL = "cloud.google.com/gke-nodepool";
  public static final String SPOT_LABEL = "cloud.google.com/gke-spot";
  /** GKE's label of flex-start nodes (see docs/gke-capacity.md). */
  public static final String FLEX_START_LABEL = "cloud.google.com/gke-flex-start";
  public static final String PREEMPTIBLE_LABEL = "cloud.google.com/gke-preemptible";
  public static final String RESERVATION_LABEL = "cloud.google.com/reservation-name";
  public static final String SLICE_LABEL = "segtpu.dev/sandbox-slice";
  public static final String TPU_RESOURCE = "google.com/tpu";

  private TpuNodes() {}

  /** One node per host of slice number {@code slice} of the pool. */
  public static List<Node> forSlice(NodePoolSpec pool, int slice, TpuCatalog catalog, Instant now) {
    SliceShape shape = catalog.requireSlice(pool.generation(), pool.topology());
    List<Node> nodes = new ArrayList<>();
    for (int host = 0; host < shape.hosts(); host++) {
      nodes.add(node(pool, shape, slice, host, now));
    }
    return nodes;
  }

  private static Node node(NodePoolSpec pool, SliceShape shape, int slice, int host, Instant now) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(ACCELERATOR_LABEL, shape.acceleratorLabel());
    labels.put(TOPOLOGY_LABEL, pool.topology());
    labels.put(NODE_POOL_LABEL, pool.name());
    labels.put("node.kubernetes.io/instance-type", shape.machineType());
    labels.put("kubernetes.io/os", "linux");
    labels.put(SLICE_LABEL, pool.name() + "-" + slice);
    List<Taint> taints = new ArrayList<>();
    taints.add(new Taint("NoSchedule", TPU_RESOURCE, null, "present"));
    if (pool.provisioning() == Provisioning.SPOT) {
      labels.put(SPOT_LABEL, "true");
      taints.add(new Taint("NoSchedule", SPOT_LABEL, null, "true"));
    } else if (pool.provisioning() == Provisioning.PREEMPTIBLE) {
      labels.put(PREEMPTIBLE_LABEL, "true");
    } else if (pool.provisioning() == Provisioning.FLEX_START) {
      labels.put(FLEX_START_LABEL, "true");
    }
    String name = "gke-" + pool.name() + "-s" + slice + "-h" + host;
    labels.put("kubernetes.io/hostname", name);
    Map<String, Quantity> capacity = Map.of(
        TPU_RESOURCE, new Quantity(String.valueOf(shape.chipsPerHost())),
        "cpu", new Quantity("8"),
        "memory", new Quantity("64Gi"),
        "pods", new Quantity("110"));
    return new NodeBuilder()
        .withNewMetadata().withName(name).withLabels(labels).endMetadata()
        .withNewSpec().withTaints(taints).endSpec()
        .withNewStatus().withCapacity(capacity).withAllocatable(capacity)
        .addNewCondition().withType("Ready").withStatus("True").withReason("KubeletReady")
        .withLastTransitionTime(now.toString()).endCondition()
        .endStatus()
        .build();
  }
}
