package dev.segtpu.sandbox.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segtpu.sandbox.Kubectl;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The real kubectl watching, waiting, patching status, applying with its default validation and explaining against the sandbox. */
class KubectlWatchApplyExplainTest {

  private static final Path REPO = Path.of("..", "..");

  @TempDir
  static Path work;

  @RegisterExtension
  static final CrdApiServer API = CrdApiServer.forKubectl();

  @Test
  void applyWithDefaultValidationCreatesTheJob() throws Exception {
    Kubectl.Result applied = kubectl("apply", "-f", manifest("validated").toString());

    assertThat(applied.exit()).as(applied.toString()).isZero();
    assertThat(applied.out()).contains("segmentationtrainingjob.segtpu.dev/validated created");
  }

  @Test
  void applyWithDefaultValidationRefusesAnUndeclaredFieldNamingIt() throws Exception {
    Path file = Files.writeString(work.resolve("unknown.yaml"), Files.readString(manifest("unknown"))
        .replace("spec:\n", "spec:\n  unexpectedField: 1\n"));

    Kubectl.Result refused = kubectl("apply", "-f", file.toString());

    assertThat(refused.exit()).isNotZero();
    assertThat(refused.err()).contains("unknown field").contains("unexpectedField");
  }

  @Test
  void explainShowsTheTpuFieldsFromTheCrdSchema() throws Exception {
    Kubectl.Result explained = kubectl("explain", "stj.spec.tpu");

    assertThat(explained.exit()).as(explained.toString()).isZero();
    assertThat(explained.out()).contains("KIND:       SegmentationTrainingJob").contains("topology")
        .contains("provisioning").contains("generation");
  }

  @Test
  void getWatchPrintsALineForAChangeMadeWhileItRuns() throws Exception {
    assertThat(kubectl("apply", "-f", manifest("watched").toString()).exit()).isZero();
    Path out = work.resolve("watch.out");
    Process watch = background(out, "get", "stj", "-w");
    try {
      awaitOutput(out, text -> text.contains("watched"));
      assertThat(kubectl("label", "stj", "watched", "seen=yes").exit()).isZero();
      awaitOutput(out, text -> text.lines().filter(line -> line.startsWith("watched")).count() >= 2);
    } finally {
      watch.destroy();
    }
    List<String> lines = Files.readAllLines(out);
    assertThat(lines.get(0).split("\\s+")).contains("NAME", "PHASE", "MODEL");
    assertThat(lines.stream().filter(line -> line.startsWith("watched"))).hasSize(2);
  }

  @Test
  void getPodsWatchSeesAPodCreatedWhileItRuns() throws Exception {
    Path out = work.resolve("pods.out");
    Process watch = background(out, "get", "pods", "-w");
    try {
      Thread.sleep(1500);
      assertThat(kubectl("run", "watched-pod", "--image=busybox", "--restart=Never").exit()).isZero();
      awaitOutput(out, text -> text.contains("watched-pod"));
    } finally {
      watch.destroy();
    }
    assertThat(Files.readString(out)).contains("watched-pod").contains("Pending");
  }

  @Test
  void getNodesWatchSeesALabelAddedWhileItRuns() throws Exception {
    try (KubernetesClient client = API.server().client()) {
      client.nodes().resource(new NodeBuilder().withNewMetadata().withName("watched-node").endMetadata().build()).create();
    }
    Path out = work.resolve("nodes.out");
    Process watch = background(out, "get", "nodes", "-w");
    try {
      awaitOutput(out, text -> text.contains("watched-node"));
      assertThat(kubectl("label", "node", "watched-node", "seen=yes").exit()).isZero();
      awaitOutput(out, text -> text.lines().filter(line -> line.startsWith("watched-node")).count() >= 2);
    } finally {
      watch.destroy();
    }
  }

  @Test
  void getEventsWatchPrintsAnEventRecordedWhileItRuns() throws Exception {
    Path out = work.resolve("events.out");
    Process watch = background(out, "get", "events", "-w");
    try {
      Thread.sleep(1500);
      try (KubernetesClient client = API.server().client()) {
        client.v1().events().inNamespace("default").resource(new EventBuilder().withNewMetadata().withName("watched-event")
            .endMetadata().withType("Normal").withReason("Preempted").withMessage("the slice was reclaimed")
            .withNewInvolvedObject().withKind("SegmentationTrainingJob").withName("job").withNamespace("default")
            .endInvolvedObject().build()).create();
      }
      awaitOutput(out, text -> text.contains("Preempted"));
    } finally {
      watch.destroy();
    }
    assertThat(Files.readString(out)).contains("the slice was reclaimed").contains("segmentationtrainingjob/job");
  }

  @Test
  void patchOfTheStatusSubresourceIsStoredAndTheObjectItselfIsNotChanged() throws Exception {
    assertThat(kubectl("apply", "-f", manifest("status-patched").toString()).exit()).isZero();

    Kubectl.Result patched = kubectl("patch", "stj", "status-patched", "--subresource=status", "--type=merge",
        "-p", "{\"status\":{\"preemptions\":7},\"spec\":{\"model\":{\"architecture\":\"maskrcnn\"}}}");

    assertThat(patched.exit()).as(patched.toString()).isZero();
    assertThat(kubectl("get", "stj", "status-patched", "-o", "jsonpath={.status.preemptions} {.spec.model.architecture}").out())
        .isEqualTo("7 deeplabv3plus");
  }

  @Test
  void waitReturnsOnceTheConditionIsSet() throws Exception {
    assertThat(kubectl("apply", "-f", manifest("awaited").toString()).exit()).isZero();
    Path out = work.resolve("wait.out");
    Process wait = background(out, "wait", "--for=condition=Succeeded", "stj/awaited", "--timeout=60s");
    Thread.sleep(1500);
    assertThat(wait.isAlive()).as("kubectl wait returned before the condition was set").isTrue();

    Kubectl.Result patched = kubectl("patch", "stj", "awaited", "--subresource=status", "--type=merge", "-p",
        "{\"status\":{\"conditions\":[{\"type\":\"Succeeded\",\"status\":\"True\",\"reason\":\"Done\","
            + "\"message\":\"done\",\"lastTransitionTime\":\"2026-01-01T00:00:00Z\"}]}}");
    assertThat(patched.exit()).as(patched.toString()).isZero();

    assertThat(wait.waitFor(30, TimeUnit.SECONDS)).as("kubectl wait finished").isTrue();
    assertThat(wait.exitValue()).as(Files.readString(out)).isZero();
    assertThat(Files.readString(out)).contains("segmentationtrainingjob.segtpu.dev/awaited condition met");
  }

  @Test
  void waitForAPodConditionReturnsOnceThePodIsReady() throws Exception {
    assertThat(kubectl("run", "awaited-pod", "--image=busybox", "--restart=Never").exit()).isZero();
    Path out = work.resolve("wait-pod.out");
    Process wait = background(out, "wait", "--for=condition=Ready", "pod/awaited-pod", "--timeout=60s");
    Thread.sleep(1500);
    assertThat(wait.isAlive()).as("kubectl wait returned before the pod was ready").isTrue();

    Kubectl.Result patched = kubectl("patch", "pod", "awaited-pod", "--subresource=status", "--type=merge", "-p",
        "{\"status\":{\"phase\":\"Running\",\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}}");
    assertThat(patched.exit()).as(patched.toString()).isZero();

    assertThat(wait.waitFor(30, TimeUnit.SECONDS)).as("kubectl wait finished").isTrue();
    assertThat(wait.exitValue()).as(Files.readString(out)).isZero();
    assertThat(Files.readString(out)).contains("pod/awaited-pod condition met");
  }

  @Test
  void serverSideApplyIsRefusedNamingClientSideApply() throws Exception {
    Kubectl.Result refused = kubectl("apply", "--server-side", "-f", manifest("server-side").toString());

    assertThat(refused.exit()).isNotZero();
    assertThat(refused.err()).contains("does not implement server-side apply")
        .contains("kubectl apply without --server-side");
  }

  private static Path manifest(String name) throws IOException {
    return Files.writeString(work.resolve(name + ".yaml"),
        Files.readString(REPO.resolve("examples/quick-deeplab-synthetic.yaml")).replace("name: quick-deeplab", "name: " + name));
  }

  private static Process background(Path out, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("kubectl", "--kubeconfig", API.kubeconfig().toString()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
  }

  private static void awaitOutput(Path out, Predicate<String> condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (Files.exists(out) && condition.test(Files.readString(out))) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("kubectl printed, within 30 s, only:\n" + Files.readString(out));
  }

  private static Kubectl.Result kubectl(String... args) throws InterruptedException {
    return new Kubectl(API.kubeconfig()).run(args);
  }
}
