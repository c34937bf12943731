package dev.segtpu.sandbox.scheduler;

import dev.segtpu.contract.TrainerContract;
import dev.segtpu.sandbox.Loops;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox's kube-scheduler: binds pending pods to nodes that fit, a whole gang (the workers of one
 * attempt of one job) at a time, and marks pods that fit nowhere {@code PodScheduled=False,
 * Unschedulable} with the reason, as the real scheduler does.
 */
public final class SandboxScheduler implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SandboxScheduler.class);
  static final String JOB_LABEL = "segtpu.dev/job";
  static final String ATTEMPT_LABEL = "segtpu.dev/attempt";
  static final String WORKER_LABEL = "segtpu.dev/worker";
  static final String WORKER_COUNT_ENV = TrainerContract.WORKER_COUNT;

  private final KubernetesClient client;
  private final Clock clock;
  private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "sandbox-scheduler");
    thread.setDaemon(true);
    return thread;
  });

  public SandboxScheduler(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  public SandboxScheduler start(long periodMillis) {
    loop.scheduleWithFixedDelay(this::scheduleOnce, 0, periodMillis, TimeUnit.MILLISECONDS);
    return this;
  }

  /** One scheduling pass over every pending pod. */
  void scheduleOnce() {
    try {
      List<Pod> pods = client.pods().inAnyNamespace().list().getItems();
      List<Node> nodes = client.nodes().list().getItems();
      Map<String, BigDecimal> tpuInUse = tpuInUse(pods);
      for (List<Pod> gang : pendingGangs(pods)) {
        if (gang.size() < expectedGangSize(gang)) {
          continue; // the controller is still creating the gang's pods
        }
        if (gang.stream().anyMatch(SandboxScheduler::gated)) {
          gang.stream().filter(SandboxScheduler::gated).forEach(this::markGated);
          continue; // kube-scheduler leaves a pod with scheduling gates alone (Kueue's, until admission)
        }
        GangPlacement.Outcome outcome = GangPlacement.place(gang, nodes, tpuInUse);
        if (outcome.placed()) {
          outcome.nodeByPod().forEach((pod, node) -> {
            bind(pod, node);
            tpuInUse.merge(node, NodeFit.tpuRequest(pod), BigDecimal::add);
          });
        } else {
          gang.forEach(pod -> markUnschedulable(pod, outcome.unschedulableReason()));
        }
      }
    } catch (KubernetesClientException | IllegalStateException e) {
      Loops.passFailed(LOG, "scheduling pass", e);
    }
  }

  private static Map<String, BigDecimal> tpuInUse(List<Pod> pods) {
    Map<String, BigDecimal> inUse = new HashMap<>();
    for (Pod pod : pods) {
      String node = pod.getSpec().getNodeName();
      if (node != null && !finished(pod)) {
        inUse.merge(node, NodeFit.tpuRequest(pod), BigDecimal::add);
      }
    }
    return inUse;
  }

  private static List<List<Pod>> pendingGangs(List<Pod> pods) {
    Map<String, List<Pod>> gangs = new LinkedHashMap<>();
    for (Pod pod : pods) {
      if (pod.getSpec().getNodeName() == null && pod.getMetadata().getDeletionTimestamp() == null && !finished(pod)) {
        gangs.computeIfAbsent(gangKey(pod), k -> new ArrayList<>()).add(pod);
      }
    }
    List<List<Pod>> ordered = new ArrayList<>();
    for (List<Pod> gang : gangs.values()) {
      gang.sort(Comparator.comparingInt(SandboxScheduler::workerIndex));
      ordered.add(gang);
    }
    return ordered;
  }

  /** Workers of the job, every slice's, from the trainer contract's SEGTPU_WORKER_COUNT (1 for pods without it). */
  private static int expectedGangSize(List<Pod> gang) {
    return gang.stream()
        .flatMap(pod -> pod.getSpec().getContainers().stream())
        .filter(container -> container.getEnv() != null)
        .flatMap(container -> container.getEnv().stream())
        .filter(env -> WORKER_COUNT_ENV.equals(env.getName()) && env.getValue() != null)
        .mapToInt(env -> Integer.parseInt(env.getValue()))
        .max()
        .orElse(1);
  }

  private static String gangKey(Pod pod) {
    Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
    if (labels.containsKey(JOB_LABEL) && labels.containsKey(ATTEMPT_LABEL)) {
      return pod.getMetadata().getNamespace() + "/" + labels.get(JOB_LABEL) + "#" + labels.get(ATTEMPT_LABEL);
    }
    return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
  }

  private static int workerIndex(Pod pod) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    try {
      return labels == null ? 0 : Integer.parseInt(labels.getOrDefault(WORKER_LABEL, "0"));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static boolean finished(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }

  private void bind(Pod pod, String node) {
    var resource = client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName());
    // Condition first, node second: the kubelet acts on nodeName, and must not race this status write.
    resource.editStatus(p -> {
      setCondition(p, new PodConditionBuilder().withType("PodScheduled").withStatus("True")
          .withLastTransitionTime(clock.instant().toString()).build());
      p.getStatus().setPhase("Pending");
      return p;
    });
    resource.edit(p -> {
      p.getSpec().setNodeName(node);
      return p;
    });
    LOG.info("bound {}/{} to {}", pod.getMetadata().getNamespace(), pod.getMetadata().getName(), node);
  }

  private void markUnschedulable(Pod pod, String reason) {
    markPending(pod, "Unschedulable", reason);
  }

  /** As kube-scheduler reports a pod it will not consider while it has scheduling gates. */
  private void markGated(Pod pod) {
    markPending(pod, "SchedulingGated", "Scheduling is blocked due to non-empty scheduling gates");
  }

  private static boolean gated(Pod pod) {
    return pod.getSpec().getSchedulingGates() != null && !pod.getSpec().getSchedulingGates().isEmpty();
  }

  private void markPending(Pod pod, String reason, String message) {
    PodCondition existing = condition(pod, "PodScheduled");
    if (existing != null && "False".equals(existing.getStatus()) && reason.equals(existing.getReason())
        && message.equals(existing.getMessage())) {
      return;
    }
    client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).editStatus(p -> {
      setCondition(p, new PodConditionBuilder().withType("PodScheduled").withStatus("False").withReason(reason)
          .withMessage(message).withLastTransitionTime(clock.instant().toString()).build());
      p.getStatus().setPhase("Pending");
      return p;
    });
  }

  static PodCondition condition(Pod pod, String type) {
    if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return null;
    }
    return pod.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
  }

  static void setCondition(Pod pod, PodCondition condition) {
    if (pod.getStatus() == null) {
      pod.setStatus(new io.fabric8.kubernetes.api.model.PodStatus());
    }
    List<PodCondition> conditions = new ArrayList<>(pod.getStatus().getConditions() == null
        ? List.of() : pod.getStatus().getConditions());
    conditions.removeIf(c -> condition.getType().equals(c.getType()));
    conditions.add(condition);
    pod.getStatus().setConditions(conditions);
  }

  @Override
  public void close() {
    Loops.stop(loop);
  }
}
