package dev.segtpu.operator.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.operator.testing.Jobs;
import dev.segtpu.operator.workload.GangNames;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OrphanSweeperTest {

  private static final String NAMESPACE = "ml";

  private KubernetesMockServer server;
  private KubernetesClient client;

  @BeforeEach
  void start() {
    server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
    server.init();
    client = server.createClient();
    client.apiextensions().v1().customResourceDefinitions().resource(client.getKubernetesSerialization().unmarshal(
        getClass().getResourceAsStream("/META-INF/fabric8/segmentationtrainingjobs.segtpu.dev-v1.yml"),
        CustomResourceDefinition.class)).create();
  }

  @AfterEach
  void stop() {
    client.close();
    server.destroy();
  }

  @Test
  void deletesOnlyWhatAJobThatIsGoneLeftBehind() {
    SegmentationTrainingJob live = client.resource(Jobs.job("live", NAMESPACE)).create();
    client.pods().inNamespace(NAMESPACE).resource(pod("live-a1-w0", "live", live.getMetadata().getUid())).create();
    // "voc" was deleted and created again: the old incarnation's pod and Service go, the new one's pod stays
    SegmentationTrainingJob voc = client.resource(Jobs.job("voc", NAMESPACE)).create();
    client.pods().inNamespace(NAMESPACE).resource(pod("voc-a3-w0", "voc", "uid-of-the-deleted-voc")).create();
    client.pods().inNamespace(NAMESPACE).resource(pod("voc-a1-w0", "voc", voc.getMetadata().getUid())).create();
    client.services().inNamespace(NAMESPACE).resource(new ServiceBuilder().withMetadata(
        managed("voc-workers", "voc", "uid-of-the-deleted-voc")).build()).create();
    // managed-by label but no job owner: not the sweeper's to judge
    client.pods().inNamespace(NAMESPACE).resource(new PodBuilder().withNewMetadata().withName("stray")
        .addToLabels(GangNames.MANAGED_BY_LABEL, GangNames.MANAGED_BY).endMetadata().build()).create();

    OrphanSweeper.Swept swept;
    try (OrphanSweeper sweeper = new OrphanSweeper(client, Set.of(NAMESPACE), Duration.ofMinutes(1))) {
      swept = sweeper.sweep();
    }

    assertThat(swept.pods()).containsExactly(NAMESPACE + "/voc-a3-w0");
    assertThat(swept.services()).containsExactly(NAMESPACE + "/voc-workers");
    assertThat(client.pods().inNamespace(NAMESPACE).list().getItems()).extracting(p -> p.getMetadata().getName())
        .containsExactlyInAnyOrder("live-a1-w0", "voc-a1-w0", "stray");
  }

  private static Pod pod(String name, String job, String ownerUid) {
    return new PodBuilder().withMetadata(managed(name, job, ownerUid)).build();
  }

  private static ObjectMeta managed(String name, String job, String ownerUid) {
    return new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE)
        .addToLabels(GangNames.MANAGED_BY_LABEL, GangNames.MANAGED_BY)
        .addToLabels(GangNames.JOB_LABEL, GangNames.jobLabelValue(job))
        .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("segtpu.dev/v1alpha1")
            .withKind(HasMetadata.getKind(SegmentationTrainingJob.class)).withName(job).withUid(ownerUid).build())
        .build();
  }
}
