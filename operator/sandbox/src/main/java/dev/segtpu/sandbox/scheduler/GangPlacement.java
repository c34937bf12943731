package dev.segtpu.sandbox.scheduler;

import dev.segtpu.sandbox.nodepool.TpuNodes;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Places a gang (all worker pods of one attempt) as a unit: every pod on its own host of one TPU slice,
 * or none at all, as GKE does for multi-host slices. Pure: reads nodes and the TPU chips already in use.
 */
final class GangPlacement {

  /** Either the node for each pod (in pod order) or why nothing fits. */
  record Outcome(Map<Pod, String> nodeByPod, String unschedulableReason) {
    boolean placed() {
      return nodeByPod != null;
    }
  }

  private GangPlacement() {}

  static Outcome place(List<Pod> gang, List<Node> nodes, Map<String, BigDecimal> tpuInUseByNode) {
    Map<String, List<Node>> slices = new TreeMap<>();
    for (Node node : nodes) {
      String slice = node.getMetadata().getLabels() == null ? null : node.getMetadata().getLabels().get(TpuNodes.SLICE_LABEL);
      slices.computeIfAbsent(slice == null ? node.getMetadata().getName() : slice, s -> new ArrayList<>()).add(node);
    }
    Map<String, Integer> reasons = new TreeMap<>();
    for (List<Node> slice : slices.values()) {
      slice.sort(Comparator.comparing(n -> n.getMetadata().getName()));
      Map<Pod, String> assignment = assign(gang, slice, tpuInUseByNode, reasons);
      if (assignment != null) {
        return new Outcome(assignment, null);
      }
    }
    StringBuilder reason = new StringBuilder("0/" + nodes.size() + " nodes are available");
    reasons.forEach((text, count) -> reason.append(", ").append(count).append(' ').append(text));
    if (gang.size() > 1) {
      reason.append("; the gang of ").append(gang.size()).append(" pods needs one slice with a free host for each pod");
    }
    return new Outcome(null, reason.append('.').toString());
  }

  private static Map<Pod, String> assign(List<Pod> gang, List<Node> slice, Map<String, BigDecimal> inUse,
                                         Map<String, Integer> reasons) {
    Map<Pod, String> assignment = new LinkedHashMap<>();
    List<Node> free = new ArrayList<>(slice);
    for (Pod pod : gang) {
      Node chosen = null;
      for (Node node : free) {
        var misfit = NodeFit.misfit(pod, node, inUse.getOrDefault(node.getMetadata().getName(), BigDecimal.ZERO));
        if (misfit.isEmpty()) {
          chosen = node;
          break;
        }
        reasons.merge(misfit.get(), 1, Integer::sum);
      }
      if (chosen == null) {
        return null;
      }
      free.remove(chosen);
      assignment.put(pod, chosen.getMetadata().getName());
    }
    return assignment;
  }
}
