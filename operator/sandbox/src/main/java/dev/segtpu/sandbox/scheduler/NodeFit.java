package dev.segtpu.sandbox.scheduler;

import dev.segtpu.sandbox.nodepool.TpuNodes;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether one pod may run on one node, by the kube-scheduler's filters that matter for TPU pods:
 * node readiness, node selector, required node affinity, taints and tolerations, extended resources.
 * Returns the reason when it may not.
 */
public final class NodeFit {

  private NodeFit() {}

  static Optional<String> misfit(Pod pod, Node node, BigDecimal tpuInUse) {
    if (!ready(node)) {
      return Optional.of("node(s) were not ready");
    }
    Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
    Map<String, String> selector = pod.getSpec().getNodeSelector() == null ? Map.of() : pod.getSpec().getNodeSelector();
    for (Map.Entry<String, String> wanted : selector.entrySet()) {
      if (!wanted.getValue().equals(labels.get(wanted.getKey()))) {
        return Optional.of("node(s) didn't match Pod's node affinity/selector");
      }
    }
    if (!requiredAffinityMatches(pod, labels)) {
      return Optional.of("node(s) didn't match Pod's node affinity/selector");
    }
    List<Taint> taints = node.getSpec() == null || node.getSpec().getTaints() == null ? List.of() : node.getSpec().getTaints();
    for (Taint taint : taints) {
      if (!"PreferNoSchedule".equals(taint.getEffect()) && !tolerated(taint, pod.getSpec().getTolerations())) {
        return Optional.of("node(s) had untolerated taint {" + taint.getKey() + ": " + taint.getValue() + "}");
      }
    }
    BigDecimal wanted = tpuRequest(pod);
    BigDecimal allocatable = quantity(node.getStatus().getAllocatable(), TpuNodes.TPU_RESOURCE);
    if (wanted.signum() > 0 && tpuInUse.add(wanted).compareTo(allocatable) > 0) {
      return Optional.of("Insufficient google.com/tpu");
    }
    return Optional.empty();
  }

  public static BigDecimal tpuRequest(Pod pod) {
    BigDecimal total = BigDecimal.ZERO;
    for (var container : pod.getSpec().getContainers()) {
      if (container.getResources() != null) {
        Map<String, Quantity> requests = container.getResources().getRequests();
        Map<String, Quantity> limits = container.getResources().getLimits();
        BigDecimal request = quantity(requests, TpuNodes.TPU_RESOURCE);
        total = total.add(request.signum() > 0 ? request : quantity(limits, TpuNodes.TPU_RESOURCE));
      }
    }
    return total;
  }

  private static BigDecimal quantity(Map<String, Quantity> quantities, String name) {
    if (quantities == null || !quantities.containsKey(name)) {
      return BigDecimal.ZERO;
    }
    return quantities.get(name).getNumericalAmount();
  }

  private static boolean ready(Node node) {
    if (node.getMetadata().getDeletionTimestamp() != null
        || (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable()))) {
      return false;
    }
    return node.getStatus() != null && node.getStatus().getConditions() != null && node.getStatus().getConditions()
        .stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static boolean tolerated(Taint taint, List<Toleration> tolerations) {
    if (tolerations == null) {
      return false;
    }
    return tolerations.stream().anyMatch(t -> {
      boolean effect = t.getEffect() == null || t.getEffect().isEmpty() || t.getEffect().equals(taint.getEffect());
      boolean key = t.getKey() == null || t.getKey().isEmpty() || t.getKey().equals(taint.getKey());
      boolean value = "Exists".equals(t.getOperator())
          || (t.getValue() == null ? taint.getValue() == null : t.getValue().equals(taint.getValue()));
      return effect && key && value;
    });
  }

  private static boolean requiredAffinityMatches(Pod pod, Map<String, String> labels) {
    var affinity = pod.getSpec().getAffinity();
    if (affinity == null || affinity.getNodeAffinity() == null
        || affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
      return true;
    }
    List<NodeSelectorTerm> terms = affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
        .getNodeSelectorTerms();
    // Terms are ORed; the expressions of one term are ANDed.
    return terms.stream().anyMatch(term -> term.getMatchExpressions() == null
        || term.getMatchExpressions().stream().allMatch(e -> matches(e, labels)));
  }

  private static boolean matches(NodeSelectorRequirement requirement, Map<String, String> labels) {
    String value = labels.get(requirement.getKey());
    List<String> values = requirement.getValues() == null ? List.of() : requirement.getValues();
    return switch (requirement.getOperator()) {
      case "In" -> value != null && values.contains(value);
      case "NotIn" -> value == null || !values.contains(value);
      case "Exists" -> value != null;
      case "DoesNotExist" -> value == null;
      default -> false;
    };
  }
}
