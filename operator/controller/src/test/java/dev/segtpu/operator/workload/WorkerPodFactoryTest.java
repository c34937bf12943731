package dev.segtpu.operator.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.segtpu.api.Architecture;
import dev.segtpu.api.LearningRateSchedule;
import dev.segtpu.api.LearningRateSpec;
import dev.segtpu.api.Provisioning;
import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.api.StorageSource;
import dev.segtpu.api.TpuGeneration;
import dev.segtpu.api.TrainerSpec;
import dev.segtpu.contract.TrainerContract;
import dev.segtpu.operator.testing.Jobs;
import dev.segtpu.tpu.SliceShape;
import dev.segtpu.tpu.TpuCatalog;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WorkerPodFactoryTest {

  static final TpuCatalog CATALOG = TpuCatalog.load();
  static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  final WorkerPodFactory factory = new WorkerPodFactory(WorkloadDefaults.defaults());

  static AttemptPlan plan(SegmentationTrainingJob job, int attempt) {
    SliceShape slice = CATALOG.requireSlice(job.getSpec().tpu.generation, job.getSpec().tpu.topology);
    return new AttemptPlan(job, job.getSpec(), slice, attempt, job.getSpec().tpu.provisioning, "300s");
  }

  static SegmentationTrainingJob withUid(SegmentationTrainingJob job) {
    job.getMetadata().setUid("0b5c6a3e-1111-2222-3333-444455556666");
    return job;
  }

  static Map<String, String> env(Pod pod) {
    return pod.getSpec().getContainers().get(0).getEnv().stream()
        .filter(e -> e.getValue() != null)
        .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
  }

  <T> T golden(String name, Class<T> type) {
    InputStream in = getClass().getResourceAsStream("/golden/" + name);
    return SERIALIZATION.unmarshal(in, type);
  }

  @Test
  void multiHostWorkerMatchesTheReviewedManifestInFull() {
    SegmentationTrainingJob job = withUid(Jobs.job("deeplab-voc", "ml", TpuGeneration.V5P, "2x2x2", Provisioning.SPOT));
    job.getSpec().dataset.source = new StorageSource();
    job.getSpec().dataset.source.gcs = new StorageSource.Gcs();
    job.getSpec().dataset.source.gcs.bucket = "my-datasets";
    job.getSpec().dataset.source.gcs.path = "voc/tfrecord";

    Pod pod = factory.worker(plan(job, 3), 1);

    assertThat(pod).isEqualTo(golden("v5p-2x2x2-spot-worker-1.yaml", Pod.class));
  }

  @Test
  void aBucketFolderThatWouldAddMountOptionsIsNeverWrittenIntoThem() {
    StorageSource source = new StorageSource();
    source.gcs = new StorageSource.Gcs();
    source.gcs.bucket = "my-datasets";
    source.gcs.path = "x,file-mode=777";

    assertThatThrownBy(() -> MountedStorage.dataset(source, 1000))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a plain folder");
  }

  @Test
  void theCheckpointDirectoryIsTheJobsOwnIncarnationAndResumeFromStaysInItsNamespace() {
    SegmentationTrainingJob job = withUid(Jobs.job("seg", "ml"));
    job.getSpec().checkpoint.resumeFrom = new dev.segtpu.api.CheckpointSpec.ResumeFrom();
    job.getSpec().checkpoint.resumeFrom.jobName = "seg";

    Pod pod = factory.worker(plan(job, 1), 0);

    assertThat(env(pod)).containsEntry(TrainerContract.CHECKPOINT_DIR, "/checkpoints/ml/seg/0b5c6a3e-1111-2222-3333-444455556666")
        .containsEntry(TrainerContract.RESUME_FROM_DIR, "/checkpoints/ml/seg")
        .doesNotContainKey(TrainerContract.CHECKPOINT_ON_UNRESTORABLE);
  }

  @Test
  void aWorkerOfTheSecondOfTwoSingleHostSlicesMatchesTheReviewedManifestInFull() {
    SegmentationTrainingJob job = withUid(Jobs.job("deeplab-voc", "ml", TpuGeneration.V5E, "2x4", Provisioning.SPOT));
    job.getSpec().tpu.slices = 2;

    Pod pod = factory.worker(plan(job, 2), 1);

    assertThat(pod).isEqualTo(golden("v5e-2x4-spot-2-slices-worker-1.yaml", Pod.class));
  }

  @Test
  void aWorkerOfTheSecondOfTwoMultiHostSlicesMatchesTheReviewedManifestInFull() {
    SegmentationTrainingJob job = withUid(Jobs.job("deeplab-voc", "ml", TpuGeneration.V5P, "2x2x2", Provisioning.SPOT));
    job.getSpec().tpu.slices = 2;

    Pod pod = factory.worker(plan(job, 2), 3);

    assertThat(pod).isEqualTo(golden("v5p-2x2x2-spot-2-slices-worker-3.yaml", Pod.class));
  }

  @Test
  void aJobOfTwoSlicesGetsTwoGangsOnDistinctSlices() {
    SegmentationTrainingJob job = withUid(Jobs.job("seg", "ml", TpuGeneration.V5E, "4x4", Provisioning.SPOT));
    job.getSpec().tpu.slices = 2;

    List<Pod> pods = factory.gang(plan(job, 1));

    assertThat(pods).hasSize(8);
    assertThat(pods).extracting(p -> p.getSpec().getHostname()).doesNotHaveDuplicates()
        .containsExactly("worker-0", "worker-1", "worker-2", "worker-3", "worker-4", "worker-5", "worker-6", "worker-7");
    assertThat(pods).extracting(p -> p.getSpec().getSubdomain()).containsOnly("seg-workers");
    String allHosts = String.join(",", pods.stream().map(p -> p.getSpec().getHostname() + ".seg-workers").toList());
    for (int worker = 0; worker < 8; worker++) {
      Pod pod = pods.get(worker);
      int slice = worker / 4;
      assertThat(pod.getMetadata().getLabels()).containsEntry("segtpu.dev/slice", String.valueOf(slice))
          .containsEntry("segtpu.dev/worker", String.valueOf(worker));
      var sameSlice = pod.getSpec().getAffinity().getPodAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
      assertThat(sameSlice).singleElement().satisfies(term -> {
        assertThat(term.getTopologyKey()).isEqualTo("cloud.google.com/gke-nodepool");
        assertThat(term.getLabelSelector().getMatchLabels()).containsEntry("segtpu.dev/slice", String.valueOf(slice))
            .containsEntry("segtpu.dev/attempt", "1");
      });
      var otherSlices = pod.getSpec().getAffinity().getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
      assertThat(otherSlices).singleElement().satisfies(term -> {
        assertThat(term.getTopologyKey()).isEqualTo("cloud.google.com/gke-nodepool");
        assertThat(term.getLabelSelector().getMatchExpressions()).singleElement().satisfies(e -> {
          assertThat(e.getKey()).isEqualTo("segtpu.dev/slice");
          assertThat(e.getOperator()).isEqualTo("NotIn");
          assertThat(e.getValues()).containsExactly(String.valueOf(slice));
        });
      });
      Map<String, String> env = env(pod);
      assertThat(env).containsEntry(TrainerContract.WORKER_ID, String.valueOf(worker))
          .containsEntry(TrainerContract.WORKER_COUNT, "8")
          .containsEntry(TrainerContract.TPU_WORKER_ID, String.valueOf(worker % 4))
          .containsEntry(TrainerContract.TPU_NAME, "seg-slice-" + slice)
          .containsEntry(TrainerContract.PEER_HOSTNAMES, allHosts)
          .containsEntry(TrainerContract.COLLECTIVE_PORT, "8476")
          .containsEntry(TrainerContract.MEGASCALE_COORDINATOR_ADDRESS, "worker-0.seg-workers:8080")
          .containsEntry(TrainerContract.MEGASCALE_PORT, "8080")
          .containsEntry(TrainerContract.MEGASCALE_NUM_SLICES, "2")
          .containsEntry(TrainerContract.MEGASCALE_SLICE_ID, String.valueOf(slice));
      assertThat(env.get(TrainerContract.TPU_WORKER_HOSTNAMES).split(","))
          .as("the hosts of worker %d's own slice", worker)
          .containsExactly(allHosts.split(",")[slice * 4], allHosts.split(",")[slice * 4 + 1],
              allHosts.split(",")[slice * 4 + 2], allHosts.split(",")[slice * 4 + 3]);
    }
  }

  @Test
  void twoSingleHostSlicesAreOneGroupOfPeersKeptApartByTheirChipRequests() {
    SegmentationTrainingJob job = withUid(Jobs.job("seg", "ml", TpuGeneration.V5E, "1x1", Provisioning.SPOT));
    job.getSpec().tpu.slices = 2;

    List<Pod> pods = factory.gang(plan(job, 1));

    assertThat(pods).hasSize(2);
    for (int worker = 0; worker < 2; worker++) {
      Pod pod = pods.get(worker);
      assertThat(pod.getSpec().getHostname()).isEqualTo("worker-" + worker);
      assertThat(pod.getSpec().getSubdomain()).isEqualTo("seg-workers");
      assertThat(pod.getSpec().getAffinity()).as("a single-host slice is one node").isNull();
      assertThat(pod.getSpec().getContainers().get(0).getResources().getRequests())
          .as("all of the host's chips: no second worker fits on it").containsEntry("google.com/tpu", new Quantity("1"));
      assertThat(pod.getSpec().getContainers().get(0).getPorts()).extracting(p -> p.getName())
          .containsExactly("status", "collective", "megascale");
      assertThat(env(pod)).containsEntry(TrainerContract.WORKER_ID, String.valueOf(worker))
          .containsEntry(TrainerContract.WORKER_COUNT, "2")
          .containsEntry(TrainerContract.PEER_HOSTNAMES, "worker-0.seg-workers,worker-1.seg-workers")
          .containsEntry(TrainerContract.COLLECTIVE_PORT, "8476")
          .containsEntry(TrainerContract.MEGASCALE_SLICE_ID, String.valueOf(worker))
          .containsEntry(TrainerContract.MEGASCALE_NUM_SLICES, "2")
          .doesNotContainKeys(TrainerContract.TPU_WORKER_ID, TrainerContract.TPU_WORKER_HOSTNAMES, TrainerContract.TPU_NAME);
    }
  }

  @Test
  void aJobOfOneSliceHasNoSliceLabelAndNoMultisliceVariables() {
    SegmentationTrainingJob job = withUid(Jobs.job("seg", "ml", TpuGeneration.V5E, "4x4", Provisioning.SPOT));

    Pod pod = factory.worker(plan(job, 1), 0);

    assertThat(pod.getMetadata().getLabels()).doesNotContainKey("segtpu.dev/slice");
    assertThat(pod.getSpec().getAffinity().getPodAntiAffinity()).isNull();
    assertThat(env(pod)).doesNotContainKeys(TrainerContract.MEGASCALE_COORDINATOR_ADDRESS, TrainerContract.MEGASCALE_PORT,
        TrainerContract.MEGASCALE_NUM_SLICES, TrainerContract.MEGASCALE_SLICE_ID);
  }

  @Test
  void headlessServiceMatchesTheReviewedManifestInFull() {
    SegmentationTrainingJob job = withUid(Jobs.job("deeplab-voc", "ml", TpuGeneration.V5P, "2x2x2", Provisioning.SPOT));
    assertThat(HeadlessServiceFactory.service(job, TrainerContract.DEFAULT_STATUS_PORT))
        .isEqualTo(golden("v5p-2x2x2-headless-service.yaml", Service.class));
  }

  static Stream<Arguments> everyGeneration() {
    return Stream.of(
        // generation, topology, accelerator label, chips per host, hosts
        Arguments.of(TpuGeneration.V4, "2x2x1", "tpu-v4-podslice", 4, 1),
        Arguments.of(TpuGeneration.V4, "2x2x2", "tpu-v4-podslice", 4, 2),
        Arguments.of(TpuGeneration.V5E, "1x1", "tpu-v5-lite-podslice", 1, 1),
        Arguments.of(TpuGeneration.V5E, "2x4", "tpu-v5-lite-podslice", 8, 1),
        Arguments.of(TpuGeneration.V5E, "4x4", "tpu-v5-lite-podslice", 4, 4),
        Arguments.of(TpuGeneration.V5P, "2x2x1", "tpu-v5p-slice", 4, 1),
        Arguments.of(TpuGeneration.V5P, "2x2x4", "tpu-v5p-slice", 4, 4),
        Arguments.of(TpuGeneration.V6E, "2x4", "tpu-v6e-slice", 8, 1),
        Arguments.of(TpuGeneration.V6E, "4x8", "tpu-v6e-slice", 4, 8),
        Arguments.of(TpuGeneration.TPU7X, "1x1x1", "tpu7x", 1, 1),
        Arguments.of(TpuGeneration.TPU7X, "2x2x2", "tpu7x", 4, 2));
  }

  @ParameterizedTest(name = "{0} {1}: {4} pod(s) of {3} chips on {2}")
  @MethodSource("everyGeneration")
  void everyGenerationGetsOnePodPerHostHoldingAllItsChips(TpuGeneration generation, String topology, String label,
                                                          int chipsPerHost, int hosts) {
    SegmentationTrainingJob job = withUid(Jobs.job("seg", "ml", generation, topology, Provisioning.ON_DEMAND));

    List<Pod> gang = factory.gang(plan(job, 1));

    assertThat(gang).hasSize(hosts);
    for (int worker = 0; worker < hosts; worker++) {
      Pod pod = gang.get(worker);
      assertThat(pod.getMetadata().getName()).isEqualTo("seg-a1-w" + worker);
      assertThat(pod.getSpec().getNodeSelector())
          .containsEntry("cloud.google.com/gke-tpu-accelerator", label)
          .containsEntry("cloud.google.com/gke-tpu-topology", topology)
          .doesNotContainKeys("cloud.google.com/gke-spot", "cloud.google.com/gke-preemptible");
      Container trainer = pod.getSpec().getContainers().get(0);
      assertThat(trainer.getResources().getRequests()).containsEntry("google.com/tpu", new Quantity(String.valueOf(chipsPerHost)));
      assertThat(trainer.getResources().getLimits()).containsEntry("google.com/tpu", new Quantity(String.valueOf(chipsPerHost)));
      assertThat(env(pod)).containsEntry(TrainerContract.WORKER_ID, String.valueOf(worker))
          .containsEntry(TrainerContract.WORKER_COUNT, String.valueOf(hosts))
          .containsEntry(TrainerContract.ATTEMPT, "1");
      if (hosts > 1) {
        assertThat(pod.getSpec().getHostname()).isEqualTo("worker-" + worker);
        assertThat(pod.getSpec().getSubdomain()).isEqualTo("seg-workers");
        assertThat(env(pod)).containsEntry(TrainerContract.TPU_WORKER_ID, String.valueOf(worker))
            .containsEntry(TrainerContract.TPU_NAME, "seg");
        assertThat(env(pod).get(TrainerContract.TPU_WORKER_HOSTNAMES).split(",")).hasSize(hosts)
            .startsWith("worker-0.seg-workers");
        assertThat(pod.getSpec().getAffinity().getPodAffinity()).isNotNull();
      } else {
        assertThat(pod.getSpec().getHostname()).isNull();
        assertThat(pod.getSpec().getSubdomain()).isNull();
        assertThat(pod.getSpec().getAffinity()).isNull();
        assertThat(env(pod)).doesNotContainKeys(TrainerContract.TPU_WORKER_ID, TrainerContract.TPU_WORKER_HOSTNAMES,
            TrainerContract.TPU_NAME);
      }
    }
  }

  @Test
  void v3OnAClusterThatLabelsItsNodesGetsThePodShapeOfAv3Host() {
    TpuCatalog catalog = CATALOG.withAcceleratorLabel(TpuGeneration.V3, "tpu-v3-device");
    SegmentationTrainingJob job = withUid(Jobs.job("v3-job", "ml", TpuGeneration.V3, "2x2", Provisioning.PREEMPTIBLE));
    SliceShape slice = catalog.requireSlice(TpuGeneration.V3, "2x2");

    Pod pod = factory.worker(new AttemptPlan(job, job.getSpec(), slice, 1, Provisioning.PREEMPTIBLE, "60s"), 0);

    assertThat(pod.getSpec().getNodeSelector())
        .containsEntry("cloud.google.com/gke-tpu-accelerator", "tpu-v3-device")
        .containsEntry("cloud.google.com/gke-preemptible", "true");
    assertThat(pod.getSpec().getContainers().get(0).getResources().getLimits()).containsEntry("google.com/tpu", new Quantity("4"));
  }

  @Test
  void provisioningModesSelectTheirNodesAndToleratePerMode() {
    SegmentationTrainingJob job = withUid(Jobs.job("seg", "ml"));

    Pod spot = factory.worker(planWith(job, Provisioning.SPOT), 0);
    Pod preemptible = factory.worker(planWith(job, Provisioning.PREEMPTIBLE), 0);
    Pod onDemand = factory.worker(planWith(job, Provisioning.ON_DEMAND), 0);
    job.getSpec().tpu.reservationName = "my-reservation";
    Pod reserved = factory.worker(planWith(job, Provisioning.RESERVATION), 0);

    assertThat(spot.getSpec().getNodeSelector()).containsEntry("cloud.google.com/gke-spot", "true");
    assertThat(keys(spot.getSpec().getTolerations())).containsExactly("google.com/tpu", "cloud.google.com/gke-spot");
    assertThat(spot.getSpec().getTerminationGracePeriodSeconds()).isEqualTo(30L);
    assertThat(preemptible.getSpec().getNodeSelector()).containsEntry("cloud.google.com/gke-preemptible", "true");
    assertThat(keys(preemptible.getSpec().getTolerations())).containsExactly("google.com/tpu", "cloud.google.com/gke-preemptible");
    assertThat(onDemand.getSpec().getNodeSelector()).containsOnlyKeys(
        "cloud.google.com/gke-tpu-accelerator", "cloud.google.com/gke-tpu-topology");
    assertThat(keys(onDemand.getSpec().getTolerations())).containsExactly("google.com/tpu");
    assertThat(onDemand.getSpec().getTerminationGracePeriodSeconds()).isEqualTo(120L);
    assertThat(reserved.getSpec().getNodeSelector())
        .containsEntry("cloud.google.com/reservation-name", "my-reservation")
        .containsEntry("cloud.google.com/reservation-affinity", "specific");
    assertThat(reserved.getSpec().getTerminationGracePeriodSeconds()).isEqualTo(120L);
  }

  private static AttemptPlan planWith(SegmentationTrainingJob job, Provisioning provisioning) {
    SliceShape slice = CATALOG.requireSlice(job.getSpec().tpu.generation, job.getSpec().tpu.topology);
    return new AttemptPlan(job, job.getSpec(), slice, 1, provisioning, "300s");
  }

  private static List<String> keys(List<Toleration> tolerations) {
    return tolerations.stream().map(Toleration::getKey).toList();
  }

  @Test
  void workersRunRestrictedWithAWritableScratchAndNoRestarts() {
    Pod pod = factory.worker(plan(withUid(Jobs.job("seg", "ml")), 1), 0);

    assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
    assertThat(pod.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSpec().getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    var container = pod.getSpec().getContainers().get(0).getSecurityContext();
    assertThat(container.getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(pod.getSpec().getContainers().get(0).getTerminationMessagePolicy()).isEqualTo("FallbackToLogsOnError");
    assertThat(pod.getSpec().getContainers().get(0).getVolumeMounts())
        .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/scratch"))
        .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
    assertThat(env(pod)).containsEntry(TrainerContract.SCRATCH_DIR, "/scratch");
    EnvVar bind = pod.getSpec().getContainers().get(0).getEnv().stream()
        .filter(e -> e.getName().equals(TrainerContract.BIND_ADDRESS)).findFirst().orElseThrow();
    assertThat(bind.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("status.podIP");
  }

  @Test
  void podsCarryJobAttemptAndWorkerLabelsAndTheJobAsControllingOwner() {
    Pod pod = factory.worker(plan(withUid(Jobs.job("seg", "ml")), 7), 0);

    assertThat(pod.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/name", "segtpu-trainer")
        .containsEntry("app.kubernetes.io/instance", "seg")
        .containsEntry("app.kubernetes.io/component", "worker")
        .containsEntry("app.kubernetes.io/part-of", "segtpu")
        .containsEntry("app.kubernetes.io/managed-by", "segtpu-operator")
        .containsEntry("segtpu.dev/job", "seg")
        .containsEntry("segtpu.dev/attempt", "7")
        .containsEntry("segtpu.dev/worker", "0");
    assertThat(pod.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
      assertThat(owner.getKind()).isEqualTo("SegmentationTrainingJob");
      assertThat(owner.getController()).isTrue();
      assertThat(owner.getUid()).isEqualTo("0b5c6a3e-1111-2222-3333-444455556666");
    });
    assertThat(env(pod)).containsEntry(TrainerContract.ATTEMPT, "7");
  }

  @Test
  void trainerContractCarriesTheModelDataScheduleAndCheckpointSettings() {
    SegmentationTrainingJob job = withUid(Jobs.job("mask", "ml", TpuGeneration.V5E, "2x4", Provisioning.SPOT));
    job.getSpec().model.architecture = Architecture.MASK_RCNN;
    job.getSpec().training.steps = null;
    job.getSpec().training.epochs = 2;
    job.getSpec().dataset.trainExamples = 118287L;
    job.getSpec().dataset.trainFilePattern = "train-*.tfrecord";
    job.getSpec().dataset.source = new StorageSource();
    job.getSpec().dataset.source.pvc = new StorageSource.Pvc();
    job.getSpec().dataset.source.pvc.claimName = "coco";
    job.getSpec().dataset.source.pvc.subPath = "/tfrecord/";
    job.getSpec().training.learningRate = new LearningRateSpec();
    job.getSpec().training.learningRate.schedule = LearningRateSchedule.STEPWISE;
    job.getSpec().training.learningRate.base = 0.08;
    job.getSpec().training.learningRate.warmupSteps = 500L;
    job.getSpec().training.learningRate.warmupLearningRate = 0.0067;
    job.getSpec().training.learningRate.boundaries = List.of(15000L, 20000L);
    job.getSpec().training.learningRate.multipliers = List.of(0.1, 0.01);
    job.getSpec().training.weightDecay = 0.0001;
    job.getSpec().trainer = new TrainerSpec();
    job.getSpec().trainer.image = "example.com/my-trainer:1";
    job.getSpec().trainer.args = List.of("--verbose");
    job.getSpec().trainer.env = List.of(new EnvVar("EXTRA", "1", null));
    job.getSpec().trainer.resources = new ResourceRequirementsBuilder().addToRequests("memory", new Quantity("64Gi")).build();

    Pod pod = factory.worker(plan(job, 2), 0);
    Container trainer = pod.getSpec().getContainers().get(0);

    assertThat(env(pod))
        .containsEntry(TrainerContract.MODEL, "maskrcnn")
        .containsEntry(TrainerContract.BACKBONE, "resnet50")
        .containsEntry(TrainerContract.NUM_CLASSES, "91")
        .containsEntry(TrainerContract.IMAGE_SIZE, "1024")
        .doesNotContainKey(TrainerContract.OUTPUT_STRIDE)
        .containsEntry(TrainerContract.DATA_DIR, "/data")
        .containsEntry(TrainerContract.TRAIN_FILE_PATTERN, "train-*.tfrecord")
        .containsEntry(TrainerContract.TRAIN_EXAMPLES, "118287")
        .containsEntry(TrainerContract.TOTAL_STEPS, "3697")
        .containsEntry(TrainerContract.LR_SCHEDULE, "stepwise")
        .containsEntry(TrainerContract.LR_BASE, "0.08")
        .containsEntry(TrainerContract.LR_WARMUP_STEPS, "500")
        .containsEntry(TrainerContract.LR_WARMUP_RATE, "0.0067")
        .containsEntry(TrainerContract.LR_BOUNDARIES, "15000,20000")
        .containsEntry(TrainerContract.LR_MULTIPLIERS, "0.1,0.01")
        .containsEntry(TrainerContract.WEIGHT_DECAY, "0.0001")
        .containsEntry(TrainerContract.CHECKPOINT_DIR, "/checkpoints/ml/mask/0b5c6a3e-1111-2222-3333-444455556666")
        .containsEntry(TrainerContract.CHECKPOINT_INTERVAL, "300s")
        .containsEntry(TrainerContract.STATUS_PORT, "8471")
        .containsEntry("EXTRA", "1");
    assertThat(trainer.getImage()).isEqualTo("example.com/my-trainer:1");
    assertThat(trainer.getArgs()).containsExactly("--verbose");
    assertThat(trainer.getResources().getRequests()).containsEntry("memory", new Quantity("64Gi"))
        .containsEntry("google.com/tpu", new Quantity("8"));
    assertThat(trainer.getVolumeMounts()).anySatisfy(m -> {
      assertThat(m.getMountPath()).isEqualTo("/data");
      assertThat(m.getSubPath()).isEqualTo("tfrecord");
      assertThat(m.getReadOnly()).isTrue();
    });
    assertThat(pod.getSpec().getVolumes()).anySatisfy(v -> assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo("coco"));
    assertThat(pod.getMetadata().getAnnotations()).doesNotContainKey("gke-gcsfuse/volumes");
  }

  @Test
  void longJobNamesStayWithinKubernetesNameLimits() {
    String name = "a".repeat(70) + ".b" + "c".repeat(100);
    SegmentationTrainingJob job = withUid(Jobs.job(name, "ml", TpuGeneration.V5E, "4x4", Provisioning.SPOT));

    Pod pod = factory.worker(plan(job, 12), 3);

    assertThat(pod.getMetadata().getLabels().get("segtpu.dev/job")).hasSizeLessThanOrEqualTo(63);
    assertThat(pod.getSpec().getSubdomain()).hasSizeLessThanOrEqualTo(63).matches("[a-z]([-a-z0-9]*[a-z0-9])?");
    assertThat(pod.getMetadata().getName()).hasSizeLessThanOrEqualTo(253).endsWith("-a12-w3");
    assertThat(GangNames.serviceName("1abc")).isEqualTo("j1abc-workers");
  }

  @Test
  void aWorkerOutsideTheSliceIsRefused() {
    AttemptPlan plan = plan(withUid(Jobs.job("seg", "ml")), 1);
    assertThatThrownBy(() -> factory.worker(plan, 1)).isInstanceOf(IllegalArgumentException.class);
  }
}
