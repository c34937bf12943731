package dev.segtpu.sandbox.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.segtpu.sandbox.Kubectl;
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

/** The real kubectl watching, waiting, applying with its default validation and explaining against the sandbox. */
class KubectlWatchApplyExplainTest {

  private static final Path REPO = Path.of("..", "..");
  private static final String JOBS = "/apis/segtpu.dev/v1alpha1/namespaces/default/segmentationtrainingjobs/";
  private static final ObjectMapper JSON = new ObjectMapper();

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
  void waitReturnsOnceTheConditionIsSet() throws Exception {
    assertThat(kubectl("apply", "-f", manifest("awaited").toString()).exit()).isZero();
    Path out = work.resolve("wait.out");
    Process wait = background(out, "wait", "--for=condition=Succeeded", "stj/awaited", "--timeout=60s");
    Thread.sleep(1500);
    assertThat(wait.isAlive()).as("kubectl wait returned before the condition was set").isTrue();

    try (KubernetesClient client = API.server().client()) {
      ObjectNode job = (ObjectNode) JSON.readTree(client.getKubernetesSerialization().asJson(
          client.genericKubernetesResources("segtpu.dev/v1alpha1", "SegmentationTrainingJob").withName("awaited").get()));
      job.putObject("status").putArray("conditions").addObject().put("type", "Succeeded").put("status", "True")
          .put("reason", "Done").put("message", "done").put("lastTransitionTime", "2026-01-01T00:00:00Z");
      API.server().storeUnchecked(JOBS + "awaited", job.toString());
    }

    assertThat(wait.waitFor(30, TimeUnit.SECONDS)).as("kubectl wait finished").isTrue();
    assertThat(wait.exitValue()).as(Files.readString(out)).isZero();
    assertThat(Files.readString(out)).contains("segmentationtrainingjob.segtpu.dev/awaited condition met");
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
