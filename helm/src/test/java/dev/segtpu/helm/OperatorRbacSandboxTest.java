package dev.segtpu.helm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.api.StorageSource;
import dev.segtpu.api.TpuGeneration;
import dev.segtpu.api.TrainerSpec;
import dev.segtpu.operator.OperatorSettings;
import dev.segtpu.operator.calibration.ThroughputRecorder;
import dev.segtpu.operator.plan.Calibration;
import dev.segtpu.sandbox.Sandbox;
import dev.segtpu.sandbox.SandboxOptions;
import dev.segtpu.sandbox.apiserver.ResourceRequest;
import dev.segtpu.sandbox.apiserver.ResourceRequest.Permission;
import dev.segtpu.sandbox.kubelet.LocalImages;
import dev.segtpu.sandbox.nodepool.NodePoolSpec;
import dev.segtpu.tpu.PriceTable;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The chart's RBAC covers exactly what the operator does. The chart is installed into the sandbox (CRD,
 * ServiceAccount, RBAC) and the real operator runs with the Deployment's args and env; a two-host job
 * runs to completion with the contract-honouring stand-in trainer and is then deleted by its TTL. Every
 * API call the operator made is mapped to its RBAC request and must be granted by the chart's rules for
 * the operator's ServiceAccount, and every permission the rules grant must have been used, except the
 * few below that only rare paths need.
 */
class OperatorRbacSandboxTest {

  private static final String JOB = "rbac-probe";
  private static final Comparator<Permission> BY_NAME = Comparator.comparing(Permission::toString);

  /** Granted for paths a clean run does not take. */
  private static final Set<Permission> GRANTED_FOR_RARE_PATHS = Set.of(
      // Java Operator SDK will not start leader election without it (a rules review); Fabric8 renews with patch
      new Permission("coordination.k8s.io", "leases", "update"),
      // the operator deletes a deleted job's Service itself for clusters whose garbage collector is not running;
      // here the sandbox's collector often removes it first (it owns it by reference), and the operator finds none
      new Permission("", "services", "delete"),
      // closing a Kueue pod group before deleting its pods: only jobs in a Kueue queue (KueueQueuedProvisioningSystemTest)
      new Permission("", "pods", "patch"));

  @TempDir
  Path work;

  static List<ChartValues> watchModes() {
    return List.of(
        // the operator runs inside the test JVM: losing the Lease when the sandbox stops must not exit it
        ChartValues.highAvailability().with("operator.exitOnLostLease", false),
        new ChartValues("watching only namespace default, one replica", Map.of("watchNamespaces", List.of("default"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("watchModes")
  // a run takes about 10 s; once (of many runs) the sandbox hung while starting: fail instead of blocking the build
  @Timeout(value = 4, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void everyApiCallOfTheOperatorIsGrantedAndEveryGrantIsUsed(ChartValues values) throws IOException {
    // the job keeps its checkpoints in a host folder of this test: the chart's value must allow it
    RenderedChart chart = SegtpuChart.with(values.with("operator.allowedHostPathPrefixes", work.toString()), work).render();
    SandboxOptions options = new SandboxOptions(work.resolve("sandbox"), 0, List.of(NodePoolSpec.parse("v5p:2x2x2:spot")),
        List.of(), false, SandboxOptions.POD_GC_QUARANTINE);
    try (Sandbox sandbox = Sandbox.start(options)) {
      OperatorSettings settings = SandboxInstallation.install(chart, sandbox, work.resolve("mounts"));
      assertThat(settings.priceTable().label()).as("the chart's price table ConfigMap").isEqualTo(PriceTable.defaults().label());
      assertThat(sandbox.client().resources(CustomResourceDefinition.class).withName("segmentationtrainingjobs.segtpu.dev").get()
          .getSpec()).as("the sandbox serves the chart's CRD").isEqualTo(chart.one(CustomResourceDefinition.class).getSpec());

      sandbox.client().resource(twoHostJob()).create();
      // the operator deletes the job's pods, then its Service: wait for both, or the Service's DELETE may
      // come after the requests are read (it did once, when the pods were gone first)
      await(Duration.ofSeconds(120), () -> job(sandbox) == null
          && sandbox.client().pods().inNamespace("default").withLabel("segtpu.dev/job", JOB).list().getItems().isEmpty()
          && sandbox.client().services().inNamespace("default").withLabel("segtpu.dev/job", JOB).list().getItems().isEmpty());
      assertThat(sandbox.kubelet().lifetimes()).as("a whole gang trained to the end")
          .filteredOn(l -> JOB.equals(l.job()) && Integer.valueOf(0).equals(l.exitCode())).hasSizeGreaterThanOrEqualTo(2);
      // the succeeded job's measured throughput lands in the chart's ConfigMap, through the chart's grant alone
      await(Duration.ofSeconds(30), () -> measuredJobs(sandbox) == 1);

      List<ResourceRequest> requests = sandbox.apiServer().requests().calls().stream()
          .filter(call -> Sandbox.OPERATOR_USER_AGENT.equals(call.userAgent()))
          .flatMap(call -> ResourceRequest.of(call).stream()).toList();
      RbacPolicy policy = new RbacPolicy(chart, "segtpu-operator", SegtpuChart.NAMESPACE);

      assertThat(requests).as("operator API calls").isNotEmpty()
          .allSatisfy(request -> assertThat(policy.allows(request)).as("granted: %s", request).isTrue());
      Set<Permission> used = requests.stream().map(ResourceRequest::permission)
          .collect(Collectors.toCollection(() -> new TreeSet<>(BY_NAME)));
      Set<Permission> unused = new TreeSet<>(BY_NAME);
      unused.addAll(policy.permissions());
      unused.removeAll(used);
      assertThat(unused).as("granted but never used (used: %s; settings: %s)", used, settings)
          .isSubsetOf(GRANTED_FOR_RARE_PATHS);
    }
  }

  private SegmentationTrainingJob twoHostJob() throws IOException {
    SegmentationTrainingJob job = Serialization.unmarshal(
        Files.readString(SegtpuChart.REPOSITORY.resolve("examples/quick-deeplab-synthetic.yaml")), SegmentationTrainingJob.class);
    job.getMetadata().setName(JOB);
    job.getMetadata().setNamespace("default");
    job.getSpec().tpu.generation = TpuGeneration.V5P;
    job.getSpec().tpu.topology = "2x2x2";
    job.getSpec().training.steps = 30L;
    job.getSpec().checkpoint.storage = StorageSource.hostPath(work.resolve("checkpoints").toString());
    job.getSpec().ttlSecondsAfterFinished = 0;
    job.getSpec().trainer = new TrainerSpec();
    job.getSpec().trainer.image = LocalImages.STANDIN_IMAGE;
    return job;
  }

  private static long measuredJobs(Sandbox sandbox) {
    ConfigMap map = sandbox.client().configMaps().inNamespace(SegtpuChart.NAMESPACE).withName(ThroughputRecorder.NAME).get();
    return map == null || map.getData() == null ? 0
        : Calibration.fromData(map.getData()).points().values().stream().mapToLong(Calibration.Point::count).sum();
  }

  private static SegmentationTrainingJob job(Sandbox sandbox) {
    return sandbox.client().resources(SegmentationTrainingJob.class).inNamespace("default").withName(JOB).get();
  }

  private static void await(Duration timeout, BooleanSupplier done) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not done within " + timeout);
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
