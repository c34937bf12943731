package dev.segtpu.sandbox.nodepool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segtpu.sandbox.apiserver.EmbeddedApiServer;
import dev.segtpu.sandbox.gc.OwnerReferenceCollector;
import dev.segtpu.sandbox.kubelet.LocalImages;
import dev.segtpu.sandbox.kubelet.SandboxKubelet;
import dev.segtpu.sandbox.scheduler.SandboxScheduler;
import dev.segtpu.tpu.TpuCatalog;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scheduler, kubelet and garbage collector of the sandbox against its API server, with real processes. */
class SimulatedNodePoolTest {

  @TempDir
  Path root;

  private EmbeddedApiServer server;
  private KubernetesClient client;
  private SandboxScheduler scheduler;
  private SandboxKubelet kubelet;
  private OwnerReferenceCollector collector;
  private final TpuCatalog catalog = TpuCatalog.load();

  @BeforeEach
  void start() {
    server = EmbeddedApiServer.start(0);
    client = server.client();
    scheduler = new SandboxScheduler(client, Clock.systemUTC()).start(100);
    kubelet = new SandboxKubelet(client, root, new LocalImages("unused", List.of()), Clock.systemUTC()).start(100);
    collector = new OwnerReferenceCollector(client).start(200);
  }

  @AfterEach
  void stop() {
    collector.close();
    kubelet.close();
    scheduler.close();
    client.close();
    server.close();
  }

  private void addPool(String spec) {
    NodePoolSpec pool = NodePoolSpec.parse(spec);
    for (int slice = 0; slice < pool.slices(); slice++) {
      TpuNodes.forSlice(pool, slice, catalog, Instant.now()).forEach(node -> client.nodes().resource(node).create());
    }
  }

  private Pod tpuPod(String name, String script, Map<String, String> selector, int chips, String attempt, int worker) {
    return tpuPod(name, script, selector, chips, attempt, worker, 1);
  }

  private Pod tpuPod(String name, String script, Map<String, String> selector, int chips, String attempt, int worker,
                     int workers) {
    return new PodBuilder()
        .withNewMetadata().withName(name).withNamespace("default")
        .addToLabels("segtpu.dev/job", "job").addToLabels("segtpu.dev/attempt", attempt)
        .addToLabels("segtpu.dev/worker", String.valueOf(worker)).endMetadata()
        .withNewSpec()
        .withNodeSelector(selector)
        .addNewToleration().withKey("google.com/tpu").withOperator("Exists").withEffect("NoSchedule").endToleration()
        .addNewToleration().withKey("cloud.google.com/gke-spot").withOperator("Equal").withValue("true")
        .withEffect("NoSchedule").endToleration()
        .withTerminationGracePeriodSeconds(5L)
        .addNewContainer().withName("trainer").withImage("busybox").withCommand("sh", "-c", script)
        .addNewEnv().withName("SEGTPU_WORKER_COUNT").withValue(String.valueOf(workers)).endEnv()
        .withNewResources().addToRequests("google.com/tpu", new Quantity(String.valueOf(chips)))
        .addToLimits("google.com/tpu", new Quantity(String.valueOf(chips))).endResources()
        .endContainer()
        .endSpec()
        .build();
  }

  private static final Map<String, String> V5E_2X2_SPOT = Map.of(
      "cloud.google.com/gke-tpu-accelerator", "tpu-v5-lite-podslice",
      "cloud.google.com/gke-tpu-topology", "2x2",
      "cloud.google.com/gke-spot", "true");

  private static final String WAIT_FOR_TERM = "trap 'exit 42' TERM; echo up; while true; do sleep 0.1; done";

  @Test
  void tpuNodesCarryGkeLabelsTaintsAndCapacity() {
    addPool("v5e:4x4:spot");
    var nodes = client.nodes().list().getItems();
    assertThat(nodes).hasSize(4);
    var node = nodes.get(0);
    assertThat(node.getMetadata().getLabels()).containsEntry("cloud.google.com/gke-tpu-accelerator", "tpu-v5-lite-podslice")
        .containsEntry("cloud.google.com/gke-tpu-topology", "4x4").containsEntry("cloud.google.com/gke-spot", "true")
        .containsEntry("node.kubernetes.io/instance-type", "ct5lp-hightpu-4t");
    assertThat(node.getSpec().getTaints()).extracting(t -> t.getKey() + "=" + t.getValue() + ":" + t.getEffect())
        .containsExactlyInAnyOrder("google.com/tpu=present:NoSchedule", "cloud.google.com/gke-spot=true:NoSchedule");
    assertThat(node.getStatus().getAllocatable().get("google.com/tpu").getAmount()).isEqualTo("4");
  }

  @Test
  void boundPodRunsAsAProcessAndASecondOneWaitsForChips() {
    addPool("v5e:2x2:spot");
    // Takes a second to shut down, so the Terminating state is observable.
    String slowShutdown = "trap 'sleep 1; exit 42' TERM; echo up; while true; do sleep 0.1; done";
    client.pods().resource(tpuPod("first", slowShutdown, V5E_2X2_SPOT, 4, "1", 0)).create();
    Pod running = await("first", p -> "Running".equals(phase(p)));
    assertThat(running.getStatus().getPodIP()).startsWith("127.0.");
    assertThat(condition(running, "PodScheduled").getStatus()).isEqualTo("True");

    client.pods().resource(tpuPod("second", WAIT_FOR_TERM, V5E_2X2_SPOT, 4, "2", 0)).create();
    Pod waiting = await("second", p -> condition(p, "PodScheduled") != null);
    assertThat(condition(waiting, "PodScheduled").getReason()).isEqualTo("Unschedulable");
    assertThat(condition(waiting, "PodScheduled").getMessage()).contains("Insufficient google.com/tpu");

    client.pods().withName("first").delete();
    Pod terminating = client.pods().withName("first").get();
    assertThat(terminating).as("graceful deletion keeps the pod until the kubelet stopped it").isNotNull();
    assertThat(terminating.getMetadata().getDeletionTimestamp()).isNotNull();
    awaitGone("first");
    assertThat(kubelet.lifetimes()).filteredOn(l -> l.pod().equals("first")).singleElement()
        .satisfies(l -> assertThat(l.exitCode()).as("the container got SIGTERM").isEqualTo(42));
    await("second", p -> "Running".equals(phase(p)));
  }

  @Test
  void whatTheContainerWritesToItsTerminationMessageFileIsInThePodStatus() {
    addPool("v5e:2x2:spot");
    client.pods().resource(tpuPod("done", "printf '{\"phase\":\"done\",\"step\":600}' > \"$SEGTPU_TERMINATION_MESSAGE_PATH\"",
        V5E_2X2_SPOT, 4, "1", 0)).create();
    Pod succeeded = await("done", p -> "Succeeded".equals(phase(p)));
    assertThat(succeeded.getStatus().getContainerStatuses().get(0).getState().getTerminated().getMessage())
        .isEqualTo("{\"phase\":\"done\",\"step\":600}");
  }

  @Test
  void aContainerThatFailsWithoutAMessageLeavesTheTailOfItsLogWhenItsPolicySaysSo() {
    addPool("v5e:2x2:spot");
    Pod pod = tpuPod("crash", "for i in $(seq 1 100); do echo line $i; done; exit 1", V5E_2X2_SPOT, 4, "1", 0);
    pod.getSpec().getContainers().get(0).setTerminationMessagePolicy("FallbackToLogsOnError");
    client.pods().resource(pod).create();
    Pod failed = await("crash", p -> "Failed".equals(phase(p)));
    String message = failed.getStatus().getContainerStatuses().get(0).getState().getTerminated().getMessage();
    assertThat(message).startsWith("line 21\n").endsWith("line 100").hasLineCount(80);
  }

  @Test
  void nodeShutdownFailsThePodWithDisruptionTarget() throws Exception {
    addPool("v5e:2x2:spot");
    client.pods().resource(tpuPod("worker", WAIT_FOR_TERM, V5E_2X2_SPOT, 4, "1", 0)).create();
    Pod running = await("worker", p -> "Running".equals(phase(p)));

    kubelet.shutdownNode(running.getSpec().getNodeName(), Duration.ofSeconds(5));

    Pod failed = client.pods().withName("worker").get();
    assertThat(phase(failed)).isEqualTo("Failed");
    assertThat(failed.getStatus().getReason()).isEqualTo("Terminated");
    assertThat(condition(failed, "DisruptionTarget").getReason()).isEqualTo("TerminationByKubelet");
    assertThat(failed.getStatus().getContainerStatuses().get(0).getState().getTerminated().getExitCode()).isEqualTo(42);
    assertThat(client.nodes().withName(running.getSpec().getNodeName()).get()).isNull();
  }

  @Test
  void multiHostGangIsPlacedOnOneSliceOrNotAtAll() {
    addPool("v5e:4x4:spot:1");
    client.pods().resource(tpuPod("incomplete-0", "sleep 30", Map.of(), 0, "9", 0, 2)).create();
    Map<String, String> selector = Map.of("cloud.google.com/gke-tpu-accelerator", "tpu-v5-lite-podslice",
        "cloud.google.com/gke-tpu-topology", "4x4", "cloud.google.com/gke-spot", "true");
    for (int worker = 0; worker < 4; worker++) {
      client.pods().resource(tpuPod("gang-" + worker, "sleep 30", selector, 4, "1", worker, 4)).create();
    }
    for (int worker = 0; worker < 4; worker++) {
      await("gang-" + worker, p -> p.getSpec().getNodeName() != null);
    }
    List<String> nodes = client.pods().list().getItems().stream().filter(p -> p.getMetadata().getName().startsWith("gang-"))
        .map(p -> p.getSpec().getNodeName()).distinct().toList();
    assertThat(nodes).as("one host each").hasSize(4);
    assertThat(client.pods().withName("incomplete-0").get().getSpec().getNodeName())
        .as("a gang waits until all its pods exist").isNull();

    for (int worker = 0; worker < 4; worker++) {
      client.pods().resource(tpuPod("late-" + worker, "sleep 30", selector, 4, "2", worker, 4)).create();
    }
    Pod late = await("late-0", p -> condition(p, "PodScheduled") != null);
    assertThat(condition(late, "PodScheduled").getMessage()).contains("gang of 4 pods");
    assertThat(client.pods().list().getItems()).filteredOn(p -> p.getMetadata().getName().startsWith("late-"))
        .allSatisfy(p -> assertThat(p.getSpec().getNodeName()).isNull());
  }

  @Test
  void aJobOfTwoSlicesIsPlacedOnTwoDistinctSlicesOrNotAtAll() {
    addPool("v5e:2x2:spot:3");
    for (int worker = 0; worker < 2; worker++) {
      client.pods().resource(sliceWorker("first-" + worker, "1", worker)).create();
    }
    for (int worker = 0; worker < 2; worker++) {
      await("first-" + worker, p -> p.getSpec().getNodeName() != null);
    }
    List<String> slices = client.pods().list().getItems().stream().filter(p -> p.getMetadata().getName().startsWith("first-"))
        .map(p -> client.nodes().withName(p.getSpec().getNodeName()).get().getMetadata().getLabels().get(TpuNodes.SLICE_LABEL))
        .toList();
    assertThat(slices).as("one slice each").doesNotHaveDuplicates().hasSize(2);

    // One slice is left: a second job of two slices must not start on it alone.
    for (int worker = 0; worker < 2; worker++) {
      client.pods().resource(sliceWorker("second-" + worker, "2", worker)).create();
    }
    Pod waiting = await("second-0", p -> condition(p, "PodScheduled") != null);
    assertThat(condition(waiting, "PodScheduled").getMessage()).contains("the job's 2 slices need 2 distinct free slices")
        .contains("1 found");
    assertThat(client.pods().list().getItems()).filteredOn(p -> p.getMetadata().getName().startsWith("second-"))
        .allSatisfy(p -> assertThat(p.getSpec().getNodeName()).isNull());
  }

  /** Worker {@code worker} of a job of two single-host v5e 2x2 slices: slice {@code worker}. */
  private Pod sliceWorker(String name, String attempt, int worker) {
    Pod pod = tpuPod(name, "sleep 30", V5E_2X2_SPOT, 4, attempt, worker, 2);
    pod.getMetadata().getLabels().put("segtpu.dev/slice", String.valueOf(worker));
    return pod;
  }

  @Test
  void podsOfADeletedOwnerAreCollected() {
    addPool("v5e:2x2:spot");
    var owner = client.configMaps().resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
        .withNewMetadata().withName("owner").withNamespace("default").endMetadata().build()).create();
    Pod pod = tpuPod("owned", WAIT_FOR_TERM, V5E_2X2_SPOT, 4, "1", 0);
    pod.getMetadata().setOwnerReferences(List.of(new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder()
        .withApiVersion("v1").withKind("ConfigMap").withName("owner").withUid(owner.getMetadata().getUid()).build()));
    client.pods().resource(pod).create();
    await("owned", p -> "Running".equals(phase(p)));

    client.configMaps().withName("owner").delete();

    awaitGone("owned");
  }

  private Pod await(String name, Predicate<Pod> condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      Pod pod = client.pods().withName(name).get();
      if (pod != null && condition.test(pod)) {
        return pod;
      }
      sleep();
    }
    throw new AssertionError("pod " + name + " never reached the expected state: " + client.pods().withName(name).get());
  }

  private void awaitGone(String name) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      if (client.pods().withName(name).get() == null) {
        return;
      }
      sleep();
    }
    throw new AssertionError("pod " + name + " was never removed");
  }

  private static void sleep() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static String phase(Pod pod) {
    return pod.getStatus() == null ? null : pod.getStatus().getPhase();
  }

  private static PodCondition condition(Pod pod, String type) {
    if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return null;
    }
    return pod.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
  }
}
