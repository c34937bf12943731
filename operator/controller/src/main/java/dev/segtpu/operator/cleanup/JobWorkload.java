package dev.segtpu.operator.cleanup;

import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.operator.workload.GangNames;
import dev.segtpu.operator.workload.KueuePodGroups;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The pods and Service the operator made for one job, and their deletion. */
public final class JobWorkload {

  private JobWorkload() {}

  /** How many objects a deletion asked the API server to delete. */
  public record Deleted(int pods, int services) {}

  /**
   * Deletes the pods and Services labelled with {@code job}'s name and owned by its uid (a job re-created
   * under the same name is another owner); {@code cached} adds pods the caller already knows of.
   */
  public static Deleted delete(KubernetesClient client, SegmentationTrainingJob job, Collection<Pod> cached) {
    String namespace = job.getMetadata().getNamespace();
    String uid = job.getMetadata().getUid();
    String label = GangNames.jobLabelValue(job);
    List<Pod> pods = new ArrayList<>(cached.stream().filter(pod -> ownedBy(pod, uid)).toList());
    pods.addAll(livePods(client, job));
    int deletedPods = 0;
    Map<String, Pod> byName = new LinkedHashMap<>();
    pods.forEach(pod -> byName.putIfAbsent(pod.getMetadata().getName(), pod));
    for (Pod pod : byName.values()) {
      deletedPods += deleteQuietly(() -> {
        KueuePodGroups.closeBeforeDeletion(client, pod);
        client.pods().inNamespace(namespace).withName(pod.getMetadata().getName()).delete();
      });
    }
    int deletedServices = 0;
    for (var service : client.services().inNamespace(namespace).withLabel(GangNames.JOB_LABEL, label).list().getItems()) {
      if (ownedBy(service, uid)) {
        deletedServices += deleteQuietly(() -> client.services().inNamespace(namespace).withName(service.getMetadata().getName()).delete());
      }
    }
    return new Deleted(deletedPods, deletedServices);
  }

  /** The job's pods as the API server has them now (not a cache): labelled with its name, owned by its uid. */
  public static List<Pod> livePods(KubernetesClient client, SegmentationTrainingJob job) {
    return client.pods().inNamespace(job.getMetadata().getNamespace())
        .withLabel(GangNames.JOB_LABEL, GangNames.jobLabelValue(job)).list().getItems().stream()
        .filter(pod -> ownedBy(pod, job.getMetadata().getUid())).toList();
  }

  /** Owned by the object with {@code uid} (a job re-created under the same name has another). */
  public static boolean ownedBy(HasMetadata object, String uid) {
    return uid != null && object.getMetadata().getOwnerReferences() != null
        && object.getMetadata().getOwnerReferences().stream().anyMatch(owner -> uid.equals(owner.getUid()));
  }

  /** 1 when the object was deleted now, 0 when it was already gone. */
  static int deleteQuietly(Runnable delete) {
    try {
      delete.run();
      return 1;
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
      return 0;
    }
  }
}
