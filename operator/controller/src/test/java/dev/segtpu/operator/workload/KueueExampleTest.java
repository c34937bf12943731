package dev.segtpu.operator.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.api.validation.SpecValidator;
import dev.segtpu.tpu.SliceShape;
import dev.segtpu.tpu.TpuCatalog;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * examples/kueue-flex-start: the Kueue objects for queued flex-start provisioning refer to each other and
 * fit the job beside them, whose worker pods carry the node labels the ResourceFlavor names.
 */
class KueueExampleTest {

  static final Path DIRECTORY = Path.of("..", "..", "examples", "kueue-flex-start");
  static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  @SuppressWarnings("unchecked")
  private static <T> T at(GenericKubernetesResource resource, String... path) {
    Object value = resource.getAdditionalProperties();
    for (String key : path) {
      value = ((Map<String, Object>) value).get(key);
    }
    return (T) value;
  }

  private static GenericKubernetesResource one(List<GenericKubernetesResource> objects, String kind) {
    return objects.stream().filter(o -> kind.equals(o.getKind())).findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " in kueue-objects.yaml"));
  }

  @Test
  void theKueueObjectsReferToEachOtherAndFitTheJobsWorkerPods() throws IOException {
    List<GenericKubernetesResource> objects = List.of(Files.readString(DIRECTORY.resolve("kueue-objects.yaml")).split("(?m)^---$"))
        .stream().filter(text -> text.contains("kind:")).map(text -> SERIALIZATION.unmarshal(text, GenericKubernetesResource.class))
        .toList();
    SegmentationTrainingJob job = SERIALIZATION.unmarshal(Files.readString(DIRECTORY.resolve("job.yaml")), SegmentationTrainingJob.class);
    GenericKubernetesResource config = one(objects, "ProvisioningRequestConfig");
    GenericKubernetesResource check = one(objects, "AdmissionCheck");
    GenericKubernetesResource flavor = one(objects, "ResourceFlavor");
    GenericKubernetesResource clusterQueue = one(objects, "ClusterQueue");
    GenericKubernetesResource localQueue = one(objects, "LocalQueue");

    assertThat(new SpecValidator(TpuCatalog.load()).validate(job.getSpec())).isEmpty();
    assertThat((String) at(config, "spec", "provisioningClassName")).isEqualTo("queued-provisioning.gke.io");
    assertThat((List<String>) at(config, "spec", "managedResources")).contains("google.com/tpu");
    assertThat((String) at(check, "spec", "controllerName")).isEqualTo("kueue.x-k8s.io/provisioning-request");
    assertThat((String) at(check, "spec", "parameters", "name")).isEqualTo(config.getMetadata().getName());
    assertThat((List<String>) at(clusterQueue, "spec", "admissionChecks")).containsExactly(check.getMetadata().getName());
    List<Map<String, Object>> groups = at(clusterQueue, "spec", "resourceGroups");
    assertThat(groups.get(0).get("coveredResources")).asList().contains("google.com/tpu");
    List<Map<String, Object>> flavors = (List<Map<String, Object>>) groups.get(0).get("flavors");
    assertThat(flavors.get(0).get("name")).isEqualTo(flavor.getMetadata().getName());
    assertThat((String) at(localQueue, "spec", "clusterQueue")).isEqualTo(clusterQueue.getMetadata().getName());
    assertThat(localQueue.getMetadata().getNamespace()).isEqualTo(job.getMetadata().getNamespace());
    assertThat(job.getMetadata().getLabels()).containsEntry(GangNames.KUEUE_QUEUE_LABEL, localQueue.getMetadata().getName());

    job.getMetadata().setUid("0b5c6a3e-1111-2222-3333-444455556666");
    SliceShape slice = TpuCatalog.load().requireSlice(job.getSpec().tpu.generation, job.getSpec().tpu.topology);
    Pod worker = new WorkerPodFactory(WorkloadDefaults.defaults())
        .worker(new AttemptPlan(job, job.getSpec(), slice, 1, job.getSpec().tpu.provisioning, "300s"), 0);
    Map<String, String> flavorLabels = at(flavor, "spec", "nodeLabels");
    assertThat(worker.getSpec().getNodeSelector()).containsAllEntriesOf(flavorLabels)
        .containsEntry(WorkerPodFactory.FLEX_START_SELECTOR, "true")
        .containsEntry(WorkerPodFactory.MAX_RUN_DURATION_SELECTOR, "86400");
    List<Map<String, Object>> quotas = (List<Map<String, Object>>) flavors.get(0).get("resources");
    Object tpuQuota = quotas.stream().filter(q -> "google.com/tpu".equals(q.get("name"))).findFirst().orElseThrow().get("nominalQuota");
    assertThat(Integer.parseInt(String.valueOf(tpuQuota))).as("the queue's TPU quota holds the job's chips")
        .isGreaterThanOrEqualTo(slice.chips());
  }
}
