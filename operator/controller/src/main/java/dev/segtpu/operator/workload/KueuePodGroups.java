package dev.segtpu.operator.workload;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.Map;

/**
 * Closing a Kueue pod group before its pods are deleted. The operator never replaces a group's pods (the
 * next attempt is a group of its own), so it marks them not retriable
 * ({@value GangNames#KUEUE_RETRIABLE_ANNOTATION}: "false"): Kueue then finishes the group's Workload and
 * releases its quota once the pods are gone, instead of holding both for replacements. Every path that
 * deletes worker pods (an attempt's end, the job's deletion, the orphan sweep) closes first.
 */
public final class KueuePodGroups {

  private KueuePodGroups() {}

  /** Whether Kueue's admission gate still holds {@code pod} (its group is not admitted yet). */
  public static boolean gated(Pod pod) {
    return pod.getSpec() != null && pod.getSpec().getSchedulingGates() != null && pod.getSpec().getSchedulingGates().stream()
        .anyMatch(gate -> GangNames.KUEUE_ADMISSION_GATE.equals(gate.getName()));
  }

  /** Marks {@code object} not retriable if it is a pod of a Kueue group not yet closed; a pod already gone is fine. */
  public static void closeBeforeDeletion(KubernetesClient client, HasMetadata object) {
    if (!(object instanceof Pod)) {
      return;
    }
    Map<String, String> labels = object.getMetadata().getLabels();
    Map<String, String> annotations = object.getMetadata().getAnnotations();
    if (labels == null || !labels.containsKey(GangNames.KUEUE_POD_GROUP_LABEL)
        || annotations != null && "false".equals(annotations.get(GangNames.KUEUE_RETRIABLE_ANNOTATION))) {
      return;
    }
    try {
      client.pods().inNamespace(object.getMetadata().getNamespace()).withName(object.getMetadata().getName())
          .patch(PatchContext.of(PatchType.JSON_MERGE),
              "{\"metadata\":{\"annotations\":{\"" + GangNames.KUEUE_RETRIABLE_ANNOTATION + "\":\"false\"}}}");
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
  }
}
