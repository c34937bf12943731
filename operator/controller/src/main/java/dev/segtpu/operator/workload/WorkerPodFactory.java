package dev.segtpu.operator.workload;

import dev.segtpu.api.Provisioning;
import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.api.SegmentationTrainingJobSpec;
import dev.segtpu.contract.TrainerContract;
import dev.segtpu.tpu.TpuSlices;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Builds the worker pods of one attempt: one pod per TPU host of every slice, placed on TPU nodes by node
 * selectors, holding all the host's chips, with the trainer contract in its environment. A pure
 * function of the {@link AttemptPlan}; tests compare whole objects.
 *
 * <p>Placement of a job of several slices (Multislice): each slice's hosts are one gang of their own and
 * must share a slice, the slices must not share one. A multi-host slice is one GKE node pool, so the
 * hosts of a slice keep to one node pool (pod affinity) and keep out of the node pools of the job's
 * other slices (pod anti-affinity), as JobSet's exclusive placement on {@code cloud.google.com/gke-nodepool}
 * does for xpk. A single-host slice is one node: its worker requests all of the host's chips, so no two
 * workers (of any slice) can share it, and no affinity is needed.
 */
public final class WorkerPodFactory {

  public static final String TPU_RESOURCE = "google.com/tpu";
  public static final String ACCELERATOR_SELECTOR = "cloud.google.com/gke-tpu-accelerator";
  public static final String TOPOLOGY_SELECTOR = "cloud.google.com/gke-tpu-topology";
  public static final String SPOT_SELECTOR = "cloud.google.com/gke-spot";
  public static final String PREEMPTIBLE_SELECTOR = "cloud.google.com/gke-preemptible";
  public static final String RESERVATION_NAME_SELECTOR = "cloud.google.com/reservation-name";
  public static final String RESERVATION_AFFINITY_SELECTOR = "cloud.google.com/reservation-affinity";
  public static final String NODE_POOL_TOPOLOGY_KEY = "cloud.google.com/gke-nodepool";
  public static final String STATUS_PORT_NAME = "status";
  /**
   * GKE's node label of flex-start (Dynamic Workload Scheduler) nodes, which a pod selects to run on them
   * (docs/gke-capacity.md: from GKE's flex-start documentation, unconfirmed on a cluster here).
   */
  public static final String FLEX_START_SELECTOR = "cloud.google.com/gke-flex-start";
  /** The pod's ask for how long flex-start capacity runs (spec.tpu.maxRunDurationSeconds; same source as above). */
  public static final String MAX_RUN_DURATION_SELECTOR = "cloud.google.com/gke-max-run-duration-seconds";
  /** The port multi-host workers reach each other's collective runtime on. */
  public static final String COLLECTIVE_PORT_NAME = "collective";
  /** The port of the Multislice coordination service (worker 0 of slice 0 coordinates). */
  public static final String MEGASCALE_PORT_NAME = "megascale";

  static final String SCRATCH_VOLUME = "scratch";
  static final String TMP_VOLUME = "tmp";

  private final WorkloadDefaults defaults;

  public WorkerPodFactory(WorkloadDefaults defaults) {
    this.defaults = defaults;
  }

  /** All worker pods of the attempt, of every slice, worker 0 first. */
  public List<Pod> gang(AttemptPlan plan) {
    return IntStream.range(0, plan.slices().workers()).mapToObj(worker -> worker(plan, worker)).toList();
  }

  /** The pod of worker {@code worker}: its index among the hosts of all slices, slice-major. */
  public Pod worker(AttemptPlan plan, int worker) {
    TpuSlices slices = plan.slices();
    if (worker < 0 || worker >= slices.workers()) {
      throw new IllegalArgumentException("worker " + worker + " outside 0.." + (slices.workers() - 1));
    }
    SegmentationTrainingJobSpec spec = plan.spec();
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(GangNames.PROVISIONING_ANNOTATION, plan.provisioning().value());
    annotations.putAll(MountedStorage.podAnnotations(spec.checkpoint.storage, spec.dataset.source));
    if (plan.kueueQueue().isPresent()) {
      annotations.put(GangNames.KUEUE_POD_GROUP_TOTAL_ANNOTATION, String.valueOf(slices.workers()));
    }

    PodSpecBuilder pod = new PodSpecBuilder()
        .withRestartPolicy("Never")
        .withTerminationGracePeriodSeconds(defaults.gracePeriodSeconds(plan.provisioning()))
        .withNodeSelector(nodeSelector(plan))
        .withTolerations(tolerations(plan.provisioning()))
        .withEnableServiceLinks(false)
        .withAutomountServiceAccountToken(false)
        .withServiceAccountName(defaults.serviceAccountName())
        .withNewSecurityContext()
          .withRunAsNonRoot(true)
          .withRunAsUser(defaults.runAsUser())
          .withRunAsGroup(defaults.runAsUser())
          .withFsGroup(defaults.runAsUser())
          .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
        .endSecurityContext()
        .withContainers(trainer(plan, worker))
        .withVolumes(volumes(spec));
    if (slices.severalWorkers()) {
      pod.withHostname(GangNames.hostname(worker))
          .withSubdomain(GangNames.serviceName(plan.jobName()));
    }
    if (slices.shape().multiHost()) {
      pod.withAffinity(placement(plan, slices.sliceOf(worker)));
    }
    return new PodBuilder()
        .withNewMetadata()
          .withName(GangNames.podName(plan.jobName(), plan.attempt(), worker))
          .withNamespace(plan.namespace())
          .withLabels(labels(plan, worker))
          .withAnnotations(annotations)
          .withOwnerReferences(ownerReference(plan.job()))
        .endMetadata()
        .withSpec(pod.build())
        .build();
  }

  /**
   * Labels of a worker pod: the app.kubernetes.io set plus job, attempt, worker, slice when there are
   * several, and the Kueue queue and pod group when the attempt waits in a queue.
   */
  public static Map<String, String> labels(AttemptPlan plan, int worker) {
    Map<String, String> labels = commonLabels(plan.job());
    labels.put(GangNames.COMPONENT_LABEL, GangNames.WORKER_COMPONENT);
    labels.put(GangNames.ATTEMPT_LABEL, String.valueOf(plan.attempt()));
    labels.put(GangNames.WORKER_LABEL, String.valueOf(worker));
    if (plan.slices().multislice()) {
      labels.put(GangNames.SLICE_LABEL, String.valueOf(plan.slices().sliceOf(worker)));
    }
    plan.kueueQueue().ifPresent(queue -> {
      labels.put(GangNames.KUEUE_QUEUE_LABEL, queue);
      labels.put(GangNames.KUEUE_POD_GROUP_LABEL, GangNames.podGroupName(plan.job(), plan.attempt()));
    });
    return labels;
  }

  /** Labels every object of the job carries. */
  public static Map<String, String> commonLabels(SegmentationTrainingJob job) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(GangNames.NAME_LABEL, GangNames.APP_NAME);
    labels.put(GangNames.INSTANCE_LABEL, GangNames.jobLabelValue(job));
    labels.put(GangNames.PART_OF_LABEL, GangNames.PART_OF);
    labels.put(GangNames.MANAGED_BY_LABEL, GangNames.MANAGED_BY);
    labels.put(GangNames.JOB_LABEL, GangNames.jobLabelValue(job));
    return labels;
  }

  /** The job as controller owner, so garbage collection (where it runs) removes the object with the job. */
  public static OwnerReference ownerReference(SegmentationTrainingJob job) {
    return new OwnerReferenceBuilder()
        .withApiVersion(job.getApiVersion())
        .withKind(job.getKind())
        .withName(job.getMetadata().getName())
        .withUid(job.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }

  private Container trainer(AttemptPlan plan, int worker) {
    SegmentationTrainingJobSpec spec = plan.spec();
    ContainerBuilder container = new ContainerBuilder()
        .withName(GangNames.TRAINER_CONTAINER)
        .withImage(spec.trainer != null && spec.trainer.image != null ? spec.trainer.image : defaults.trainerImage())
        .withEnv(TrainerEnvironment.of(plan, worker, defaults.statusPort()))
        .withResources(resources(plan))
        .addNewPort().withName(STATUS_PORT_NAME).withContainerPort(defaults.statusPort()).withProtocol("TCP").endPort()
        .withVolumeMounts(mounts(spec))
        // The trainer writes its final status JSON there (docs/trainer-contract.md); a trainer that dies
        // before writing it leaves the tail of its log instead, which `kubectl describe pod` shows.
        .withTerminationMessagePath("/dev/termination-log")
        .withTerminationMessagePolicy("FallbackToLogsOnError")
        .withNewSecurityContext()
          .withAllowPrivilegeEscalation(false)
          .withPrivileged(false)
          .withReadOnlyRootFilesystem(true)
          .withRunAsNonRoot(true)
          .withNewCapabilities().withDrop("ALL").endCapabilities()
        .endSecurityContext();
    if (plan.slices().severalWorkers()) {
      container.addNewPort().withName(COLLECTIVE_PORT_NAME).withContainerPort(TrainerContract.DEFAULT_COLLECTIVE_PORT)
          .withProtocol("TCP").endPort();
    }
    if (plan.slices().multislice()) {
      container.addNewPort().withName(MEGASCALE_PORT_NAME).withContainerPort(TrainerContract.DEFAULT_MEGASCALE_PORT)
          .withProtocol("TCP").endPort();
    }
    if (spec.trainer != null && spec.trainer.args != null && !spec.trainer.args.isEmpty()) {
      container.withArgs(spec.trainer.args);
    }
    return container.build();
  }

  /** The user's CPU/memory, plus all of the host's TPU chips as both request and limit. */
  static ResourceRequirements resources(AttemptPlan plan) {
    Map<String, Quantity> requests = new LinkedHashMap<>();
    Map<String, Quantity> limits = new LinkedHashMap<>();
    ResourceRequirements user = plan.spec().trainer == null ? null : plan.spec().trainer.resources;
    if (user != null) {
      if (user.getRequests() != null) {
        requests.putAll(user.getRequests());
      }
      if (user.getLimits() != null) {
        limits.putAll(user.getLimits());
      }
    }
    Quantity chips = new Quantity(String.valueOf(plan.slice().chipsPerHost()));
    requests.put(TPU_RESOURCE, chips);
    limits.put(TPU_RESOURCE, chips);
    return new ResourceRequirementsBuilder().withRequests(requests).withLimits(limits).build();
  }

  static Map<String, String> nodeSelector(AttemptPlan plan) {
    Map<String, String> selector = new LinkedHashMap<>();
    selector.put(ACCELERATOR_SELECTOR, plan.slice().acceleratorLabel());
    selector.put(TOPOLOGY_SELECTOR, plan.slice().topology().toString());
    switch (plan.provisioning()) {
      case SPOT -> selector.put(SPOT_SELECTOR, "true");
      case PREEMPTIBLE -> selector.put(PREEMPTIBLE_SELECTOR, "true");
      case RESERVATION -> {
        selector.put(RESERVATION_NAME_SELECTOR, plan.spec().tpu.reservationName);
        selector.put(RESERVATION_AFFINITY_SELECTOR, "specific");
      }
      case FLEX_START -> {
        selector.put(FLEX_START_SELECTOR, "true");
        if (plan.spec().tpu.maxRunDurationSeconds != null) {
          selector.put(MAX_RUN_DURATION_SELECTOR, String.valueOf(plan.spec().tpu.maxRunDurationSeconds));
        }
      }
      case ON_DEMAND -> { }
    }
    return selector;
  }

  static List<Toleration> tolerations(Provisioning provisioning) {
    List<Toleration> tolerations = new ArrayList<>();
    tolerations.add(new TolerationBuilder().withKey(TPU_RESOURCE).withOperator("Exists").withEffect("NoSchedule").build());
    if (provisioning == Provisioning.SPOT) {
      tolerations.add(new TolerationBuilder().withKey(SPOT_SELECTOR).withOperator("Equal").withValue("true")
          .withEffect("NoSchedule").build());
    } else if (provisioning == Provisioning.PREEMPTIBLE) {
      tolerations.add(new TolerationBuilder().withKey(PREEMPTIBLE_SELECTOR).withOperator("Equal").withValue("true")
          .withEffect("NoSchedule").build());
    }
    return tolerations;
  }

  /**
   * Keeps the hosts of one slice of the attempt in one node pool (one multi-host TPU slice): a required pod
   * affinity to the slice's other workers on {@code cloud.google.com/gke-nodepool}. The first worker matches
   * its own term, so it can land anywhere that fits. With several slices, a required pod anti-affinity on the
   * same key keeps every other slice of the attempt out of that node pool, so the slices land on distinct ones.
   */
  static Affinity placement(AttemptPlan plan, int slice) {
    String job = GangNames.jobLabelValue(plan.job());
    String attempt = String.valueOf(plan.attempt());
    AffinityBuilder affinity = new AffinityBuilder();
    var sameSlice = affinity.withNewPodAffinity()
        .addNewRequiredDuringSchedulingIgnoredDuringExecution()
          .withTopologyKey(NODE_POOL_TOPOLOGY_KEY)
          .withNewLabelSelector()
            .addToMatchLabels(GangNames.JOB_LABEL, job)
            .addToMatchLabels(GangNames.ATTEMPT_LABEL, attempt);
    if (plan.slices().multislice()) {
      sameSlice.addToMatchLabels(GangNames.SLICE_LABEL, String.valueOf(slice));
    }
    sameSlice.endLabelSelector().endRequiredDuringSchedulingIgnoredDuringExecution().endPodAffinity();
    if (plan.slices().multislice()) {
      affinity.withNewPodAntiAffinity()
          .addNewRequiredDuringSchedulingIgnoredDuringExecution()
            .withTopologyKey(NODE_POOL_TOPOLOGY_KEY)
            .withNewLabelSelector()
              .addToMatchLabels(GangNames.JOB_LABEL, job)
              .addToMatchLabels(GangNames.ATTEMPT_LABEL, attempt)
              .addNewMatchExpression()
                .withKey(GangNames.SLICE_LABEL).withOperator("NotIn").withValues(String.valueOf(slice))
              .endMatchExpression()
            .endLabelSelector()
          .endRequiredDuringSchedulingIgnoredDuringExecution()
        .endPodAntiAffinity();
    }
    return affinity.build();
  }

  private List<Volume> volumes(SegmentationTrainingJobSpec spec) {
    List<Volume> volumes = new ArrayList<>();
    if (spec.dataset.source != null) {
      volumes.add(MountedStorage.dataset(spec.dataset.source, defaults.runAsUser()).volume());
    }
    volumes.add(MountedStorage.checkpoints(spec.checkpoint.storage, defaults.runAsUser()).volume());
    volumes.add(new VolumeBuilder().withName(SCRATCH_VOLUME).withNewEmptyDir().endEmptyDir().build());
    volumes.add(new VolumeBuilder().withName(TMP_VOLUME).withNewEmptyDir().endEmptyDir().build());
    return volumes;
  }

  private List<VolumeMount> mounts(SegmentationTrainingJobSpec spec) {
    List<VolumeMount> mounts = new ArrayList<>();
    if (spec.dataset.source != null) {
      mounts.add(MountedStorage.dataset(spec.dataset.source, defaults.runAsUser()).mount());
    }
    mounts.add(MountedStorage.checkpoints(spec.checkpoint.storage, defaults.runAsUser()).mount());
    mounts.add(new VolumeMountBuilder().withName(SCRATCH_VOLUME).withMountPath(TrainerEnvironment.SCRATCH_PATH).build());
    mounts.add(new VolumeMountBuilder().withName(TMP_VOLUME).withMountPath("/tmp").build());
    return mounts;
  }
}
