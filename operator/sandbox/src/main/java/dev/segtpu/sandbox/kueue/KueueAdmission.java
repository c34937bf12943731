package dev.segtpu.sandbox.kueue;

import dev.segtpu.operator.workload.GangNames;
import dev.segtpu.operator.workload.KueuePodGroups;
import dev.segtpu.sandbox.Loops;
import dev.segtpu.sandbox.nodepool.TpuNodes;
import dev.segtpu.sandbox.scheduler.NodeFit;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kueue's admission of pod groups, as the sandbox emulates it: a group of gated pods
 * ({@link KueuePodWebhook}) is admitted once all its pods exist ({@code kueue.x-k8s.io/pod-group-total-count}),
 * its LocalQueue and ClusterQueue exist, and the ClusterQueue's {@code google.com/tpu} nominal quota holds
 * it beside the groups already admitted there. Admission lifts the gate, adds the ResourceFlavor's node
 * labels to the pods' node selector, and, when the ClusterQueue has a ProvisioningRequest admission check,
 * the annotations by which pods consume the provisioned capacity. A group's pods keep Kueue's finalizer
 * until the group is done: all succeeded, or one marked {@code kueue.x-k8s.io/retriable-in-group: "false"}
 * (or their job is gone).
 *
 * <p>What differs from Kueue: no Workload objects, cohorts, preemption, priorities or fair sharing; one
 * flavor per ClusterQueue is used; with a ProvisioningRequest check the pods are ungated at once and the
 * sandbox's flex-start pool provisions their nodes after its wait, where GKE provisions first and Kueue
 * ungates after.
 */
public final class KueueAdmission implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KueueAdmission.class);

  private final KubernetesClient client;
  private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "sandbox-kueue");
    thread.setDaemon(true);
    return thread;
  });

  public KueueAdmission(KubernetesClient client) {
    this.client = client;
  }

  public KueueAdmission start(long periodMillis) {
    loop.scheduleWithFixedDelay(this::syncOnce, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    return this;
  }

  /** One pass: let finished groups' pods go, then admit the complete groups that fit. */
  void syncOnce() {
    try {
      List<Pod> pods = client.pods().inAnyNamespace().withLabel(GangNames.KUEUE_POD_GROUP_LABEL).list().getItems();
      Map<String, List<Pod>> groups = new LinkedHashMap<>();
      for (Pod pod : pods) {
        groups.computeIfAbsent(pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getLabels().get(GangNames.KUEUE_POD_GROUP_LABEL),
            k -> new ArrayList<>()).add(pod);
      }
      for (List<Pod> group : groups.values()) {
        release(group);
      }
      for (List<Pod> group : groups.values()) {
        admitIfPossible(group, pods);
      }
    } catch (KubernetesClientException e) {
      Loops.passFailed(LOG, "Kueue admission", e);
    }
  }

  private void release(List<Pod> group) {
    boolean closed = group.stream().anyMatch(p -> "false".equals(annotation(p, GangNames.KUEUE_RETRIABLE_ANNOTATION)));
    boolean allSucceeded = group.stream().allMatch(p -> "Succeeded".equals(phase(p)));
    for (Pod pod : group) {
      boolean held = pod.getMetadata().getFinalizers() != null && pod.getMetadata().getFinalizers().contains(Kueue.MANAGED_FINALIZER);
      if (held && pod.getMetadata().getDeletionTimestamp() != null && (closed || allSucceeded || ownerGone(pod))) {
        client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).edit(p -> {
          p.getMetadata().getFinalizers().remove(Kueue.MANAGED_FINALIZER);
          return p;
        });
      }
    }
  }

  private boolean ownerGone(Pod pod) {
    return pod.getMetadata().getOwnerReferences() != null && pod.getMetadata().getOwnerReferences().stream().anyMatch(owner ->
        client.genericKubernetesResources(owner.getApiVersion(), owner.getKind()).inNamespace(pod.getMetadata().getNamespace())
            .withName(owner.getName()).get() == null);
  }

  private void admitIfPossible(List<Pod> group, List<Pod> all) {
    List<Pod> gated = group.stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null && KueuePodGroups.gated(p)).toList();
    if (gated.isEmpty()) {
      return;
    }
    Pod first = gated.get(0);
    String namespace = first.getMetadata().getNamespace();
    int total = parseInt(annotation(first, GangNames.KUEUE_POD_GROUP_TOTAL_ANNOTATION), 1);
    if (gated.size() < total) {
      return;
    }
    String queueName = first.getMetadata().getLabels().get(GangNames.KUEUE_QUEUE_LABEL);
    Optional<GenericKubernetesResource> clusterQueue = Optional.ofNullable(resource("LocalQueue", namespace, queueName))
        .map(local -> string(spec(local).get("clusterQueue")))
        .map(name -> resource("ClusterQueue", null, name));
    if (clusterQueue.isEmpty()) {
      return;
    }
    Optional<String> flavor = tpuFlavor(clusterQueue.get());
    BigDecimal quota = tpuQuota(clusterQueue.get());
    BigDecimal inUse = all.stream().filter(p -> !KueuePodGroups.gated(p) && p.getMetadata().getDeletionTimestamp() == null && !finished(p))
        .filter(p -> inClusterQueue(p, clusterQueue.get().getMetadata().getName()))
        .map(NodeFit::tpuRequest).reduce(BigDecimal.ZERO, BigDecimal::add);
    BigDecimal asked = gated.stream().map(NodeFit::tpuRequest).reduce(BigDecimal.ZERO, BigDecimal::add);
    if (quota != null && inUse.add(asked).compareTo(quota) > 0) {
      return;
    }
    Map<String, String> nodeLabels = flavor.map(name -> resource("ResourceFlavor", null, name)).map(KueueAdmission::nodeLabels)
        .orElse(Map.of());
    Map<String, String> consume = provisioningAnnotations(clusterQueue.get(), first.getMetadata().getLabels()
        .get(GangNames.KUEUE_POD_GROUP_LABEL));
    for (Pod pod : gated) {
      client.pods().inNamespace(namespace).withName(pod.getMetadata().getName()).edit(p -> {
        p.getSpec().setSchedulingGates(p.getSpec().getSchedulingGates().stream()
            .filter(gate -> !GangNames.KUEUE_ADMISSION_GATE.equals(gate.getName())).toList());
        Map<String, String> selector = new LinkedHashMap<>(p.getSpec().getNodeSelector() == null ? Map.of() : p.getSpec().getNodeSelector());
        selector.putAll(nodeLabels);
        p.getSpec().setNodeSelector(selector);
        Map<String, String> annotations = new LinkedHashMap<>(p.getMetadata().getAnnotations() == null ? Map.of()
            : p.getMetadata().getAnnotations());
        annotations.putAll(consume);
        p.getMetadata().setAnnotations(annotations);
        return p;
      });
    }
    LOG.info("Kueue: admitted pod group {}/{} ({} pods, {} google.com/tpu) in ClusterQueue {}", namespace,
        first.getMetadata().getLabels().get(GangNames.KUEUE_POD_GROUP_LABEL), gated.size(), asked,
        clusterQueue.get().getMetadata().getName());
  }

  private boolean inClusterQueue(Pod pod, String clusterQueue) {
    String queue = pod.getMetadata().getLabels() == null ? null : pod.getMetadata().getLabels().get(GangNames.KUEUE_QUEUE_LABEL);
    GenericKubernetesResource local = queue == null ? null : resource("LocalQueue", pod.getMetadata().getNamespace(), queue);
    return local != null && clusterQueue.equals(string(spec(local).get("clusterQueue")));
  }

  /** The consume annotations of a ProvisioningRequest admission check, if the ClusterQueue has one. */
  private Map<String, String> provisioningAnnotations(GenericKubernetesResource clusterQueue, String group) {
    Map<String, String> annotations = new LinkedHashMap<>();
    for (Object name : list(spec(clusterQueue).get("admissionChecks"))) {
      GenericKubernetesResource check = resource("AdmissionCheck", null, string(name));
      if (check == null || !Kueue.PROVISIONING_CONTROLLER.equals(string(spec(check).get("controllerName")))) {
        continue;
      }
      Map<String, Object> parameters = map(spec(check).get("parameters"));
      GenericKubernetesResource config = resource("ProvisioningRequestConfig", null, string(parameters.get("name")));
      annotations.put(Kueue.CONSUME_PROVISIONING_REQUEST, group + "-" + check.getMetadata().getName() + "-1");
      if (config != null) {
        annotations.put(Kueue.PROVISIONING_CLASS, string(spec(config).get("provisioningClassName")));
      }
    }
    return annotations;
  }

  /** The first flavor of the resource group that covers google.com/tpu. */
  private static Optional<String> tpuFlavor(GenericKubernetesResource clusterQueue) {
    for (Object group : list(spec(clusterQueue).get("resourceGroups"))) {
      if (list(map(group).get("coveredResources")).contains(TpuNodes.TPU_RESOURCE)) {
        return list(map(group).get("flavors")).stream().map(f -> string(map(f).get("name"))).filter(Objects::nonNull).findFirst();
      }
    }
    return Optional.empty();
  }

  /** The ClusterQueue's nominal google.com/tpu quota over its flavors; null when it sets none. */
  private static BigDecimal tpuQuota(GenericKubernetesResource clusterQueue) {
    BigDecimal quota = null;
    for (Object group : list(spec(clusterQueue).get("resourceGroups"))) {
      for (Object flavor : list(map(group).get("flavors"))) {
        for (Object resource : list(map(flavor).get("resources"))) {
          if (TpuNodes.TPU_RESOURCE.equals(string(map(resource).get("name"))) && map(resource).get("nominalQuota") != null) {
            BigDecimal nominal = Quantity.getAmountInBytes(new Quantity(String.valueOf(map(resource).get("nominalQuota"))));
            quota = quota == null ? nominal : quota.add(nominal);
          }
        }
      }
    }
    return quota;
  }

  private static Map<String, String> nodeLabels(GenericKubernetesResource flavor) {
    Map<String, String> labels = new LinkedHashMap<>();
    map(spec(flavor).get("nodeLabels")).forEach((key, value) -> labels.put(key, string(value)));
    return labels;
  }

  private GenericKubernetesResource resource(String kind, String namespace, String name) {
    if (name == null) {
      return null;
    }
    var resources = client.genericKubernetesResources(Kueue.API, kind);
    return namespace == null ? resources.withName(name).get() : resources.inNamespace(namespace).withName(name).get();
  }

  private static boolean finished(Pod pod) {
    return "Succeeded".equals(phase(pod)) || "Failed".equals(phase(pod));
  }

  private static String phase(Pod pod) {
    return pod.getStatus() == null ? null : pod.getStatus().getPhase();
  }

  private static String annotation(Pod pod, String key) {
    return pod.getMetadata().getAnnotations() == null ? null : pod.getMetadata().getAnnotations().get(key);
  }

  private static int parseInt(String value, int otherwise) {
    try {
      return value == null ? otherwise : Integer.parseInt(value);
    } catch (NumberFormatException e) {
      return otherwise;
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(GenericKubernetesResource resource) {
    return map(resource.getAdditionalProperties().get("spec"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  private static List<?> list(Object value) {
    return value instanceof List<?> l ? l : List.of();
  }

  private static String string(Object value) {
    return value == null ? null : String.valueOf(value);
  }

  @Override
  public void close() {
    loop.shutdownNow();
  }
}
