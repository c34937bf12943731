package dev.segtpu.sandbox.scheduler;

import dev.segtpu.sandbox.nodepool.TpuNodes;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Places a job's attempt as a unit: every pod on its own host of a TPU slice, or none at all, as GKE does
 * for multi-host slices. A job of several slices (pods labelled {@code segtpu.dev/slice}) is one gang per
 * slice, each on a slice of its own: no two of the job's slices share one, and the job starts only when
 * every one of its slices fits (a half-placed job would hold TPUs it cannot train on). Pure: reads nodes
 * and the TPU chips already in use.
 *
 * <p>Slices are tried in name order, first fit: the gangs of one job are alike (same selectors, same
 * number of hosts), so any free slice that fits one fits the others and first fit finds a placement
 * whenever one exists.
 */
final class GangPlacement {

  static final String SLICE_LABEL = "segtpu.dev/slice";

  /** Either the node for each pod (in pod order) or why nothing fits. */
  record Outcome(Map<Pod, String> nodeByPod, String unschedulableReason) {
    boolean placed() {
      return nodeByPod != null;
    }
  }

  private GangPlacement() {}

  static Outcome place(List<Pod> pods, List<Node> nodes, Map<String, BigDecimal> tpuInUseByNode) {
    Map<String, List<Node>> slices = new TreeMap<>();
    for (Node node : nodes) {
      String slice = node.getMetadata().getLabels() == null ? null : node.getMetadata().getLabels().get(TpuNodes.SLICE_LABEL);
      slices.computeIfAbsent(slice == null ? node.getMetadata().getName() : slice, s -> new ArrayList<>()).add(node);
    }
    slices.values().forEach(slice -> slice.sort(Comparator.comparing(n -> n.getMetadata().getName())));
    List<List<Pod>> gangs = gangsBySlice(pods);
    Map<Pod, String> placement = new LinkedHashMap<>();
    Set<String> taken = new HashSet<>();
    for (List<Pod> gang : gangs) {
      Map<String, Integer> reasons = new TreeMap<>();
      String chosen = null;
      for (Map.Entry<String, List<Node>> slice : slices.entrySet()) {
        if (taken.contains(slice.getKey())) {
          continue;
        }
        Map<Pod, String> assignment = assign(gang, slice.getValue(), tpuInUseByNode, reasons);
        if (assignment != null) {
          placement.putAll(assignment);
          chosen = slice.getKey();
          break;
        }
      }
      if (chosen == null) {
        return new Outcome(null, unschedulable(nodes.size(), reasons, gang.size(), gangs.size(), taken.size()));
      }
      taken.add(chosen);
    }
    return new Outcome(placement, null);
  }

  /** The job's slices, each a gang of its pods in pod order; pods without a slice label are one gang. */
  private static List<List<Pod>> gangsBySlice(List<Pod> pods) {
    Map<Integer, List<Pod>> bySlice = new TreeMap<>();
    for (Pod pod : pods) {
      bySlice.computeIfAbsent(sliceOf(pod), s -> new ArrayList<>()).add(pod);
    }
    return List.copyOf(bySlice.values());
  }

  private static int sliceOf(Pod pod) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    String value = labels == null ? null : labels.get(SLICE_LABEL);
    try {
      return value == null ? 0 : Integer.parseInt(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static String unschedulable(int nodes, Map<String, Integer> reasons, int gangSize, int slicesWanted, int slicesFound) {
    StringBuilder reason = new StringBuilder("0/" + nodes + " nodes are available");
    reasons.forEach((text, count) -> reason.append(", ").append(count).append(' ').append(text));
    if (slicesWanted > 1) {
      reason.append("; the job's ").append(slicesWanted).append(" slices need ").append(slicesWanted)
          .append(" distinct free slices with a free host for each of their ").append(gangSize).append(" pods, ")
          .append(slicesFound).append(" found");
    } else if (gangSize > 1) {
      reason.append("; the gang of ").append(gangSize).append(" pods needs one slice with a free host for each pod");
    }
    return reason.append('.').toString();
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
