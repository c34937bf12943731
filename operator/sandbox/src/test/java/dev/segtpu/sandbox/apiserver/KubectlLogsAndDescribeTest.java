package dev.segtpu.sandbox.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segtpu.operator.testing.RequiredTool;
import dev.segtpu.sandbox.Kubectl;
import dev.segtpu.sandbox.kubelet.LocalImages;
import dev.segtpu.sandbox.kubelet.SandboxKubelet;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kubectl logs, logs -f, describe and get events against the sandbox API server and a kubelet running real processes. */
class KubectlLogsAndDescribeTest {

  private static final Path REPO = Path.of("..", "..");
  private static final String NODE = "tpu-node-0";

  @TempDir
  static Path work;

  private static EmbeddedApiServer server;
  private static KubernetesClient client;
  private static SandboxKubelet kubelet;
  private static Path kubeconfig;

  @BeforeAll
  static void start() throws Exception {
    RequiredTool.require(Kubectl.available(), "kubectl is not on PATH");
    server = EmbeddedApiServer.start(0);
    server.serveContainerLogsFrom(work);
    kubeconfig = server.writeKubeconfig(work.resolve("kubeconfig"));
    client = server.client();
    client.resource(client.getKubernetesSerialization().unmarshal(
        Files.readString(REPO.resolve("crds/segmentationtrainingjobs.segtpu.dev-v1.yml")), CustomResourceDefinition.class)).create();
    client.nodes().resource(new NodeBuilder().withNewMetadata().withName(NODE)
        .addToLabels("node-role.kubernetes.io/tpu", "").endMetadata()
        .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition()
        .withNewNodeInfo().withKubeletVersion("v1.32.0-segtpu-sandbox").endNodeInfo().endStatus().build()).create();
    kubelet = new SandboxKubelet(client, work, new LocalImages("unused", List.of()), Clock.systemUTC()).start(100);
  }

  @AfterAll
  static void stop() {
    if (kubelet != null) {
      kubelet.close();
    }
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private static Pod runPod(String name, String script) throws InterruptedException {
    client.pods().resource(new PodBuilder().withNewMetadata().withName(name).endMetadata()
        .withNewSpec().withNodeName(NODE).addNewContainer().withName("trainer").withImage("busybox:1.36")
        .withCommand("sh", "-c", script).endContainer().endSpec().build()).create();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      Pod pod = client.pods().withName(name).get();
      if (pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase())) {
        return pod;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("pod " + name + " did not start");
  }

  private static Kubectl.Result kubectl(String... args) throws InterruptedException {
    return new Kubectl(kubeconfig).run(args);
  }

  @Test
  void kubectlLogsPrintsWhatTheContainerWroteToStdoutAndStderr() throws Exception {
    runPod("printer", "echo first line; sleep 0.2; echo to stderr >&2; sleep 30");
    Thread.sleep(800);

    Kubectl.Result logs = kubectl("logs", "printer");
    Kubectl.Result last = kubectl("logs", "printer", "--tail=1", "--timestamps");

    assertThat(logs.exit()).as(logs.toString()).isZero();
    assertThat(logs.out()).isEqualTo("first line\nto stderr\n");
    assertThat(last.out()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z to stderr\n");
    client.pods().withName("printer").withGracePeriod(0).delete();
  }

  @Test
  void kubectlLogsRefusesAnUnknownPodOrContainerAsKubeDoes() throws Exception {
    runPod("refusals", "sleep 30");

    Kubectl.Result noPod = kubectl("logs", "no-such-pod");
    Kubectl.Result noContainer = kubectl("logs", "refusals", "-c", "sidecar");
    Kubectl.Result noPrevious = kubectl("logs", "refusals", "--previous");

    assertThat(noPod.exit()).isNotZero();
    assertThat(noPod.err()).contains("pods \"no-such-pod\" not found");
    assertThat(noContainer.err()).contains("container sidecar is not valid for pod refusals");
    assertThat(noPrevious.err()).contains("previous terminated container \"trainer\" in pod \"refusals\" not found");
    client.pods().withName("refusals").withGracePeriod(0).delete();
  }

  @Test
  void kubectlLogsFollowStreamsLinesAsTheyAreWrittenAndEndsWithTheContainer() throws Exception {
    runPod("ticker", "echo tick 1; sleep 3; echo tick 2");
    Process follow = new ProcessBuilder("kubectl", "--kubeconfig", kubeconfig.toString(), "logs", "-f", "ticker")
        .redirectError(work.resolve("follow.err").toFile()).start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(follow.getInputStream(), StandardCharsets.UTF_8))) {
      Instant started = Instant.now();

      assertThat(out.readLine()).isEqualTo("tick 1");
      assertThat(follow.isAlive()).as("still following while the container sleeps").isTrue();
      assertThat(out.readLine()).isEqualTo("tick 2");
      assertThat(follow.waitFor(20, TimeUnit.SECONDS)).as("kubectl returns once the container ended").isTrue();
      assertThat(follow.exitValue()).as(Files.readString(work.resolve("follow.err"))).isZero();
      assertThat(java.time.Duration.between(started, Instant.now())).isLessThan(java.time.Duration.ofSeconds(20));
    } finally {
      follow.destroyForcibly();
    }
  }

  @Test
  void kubectlDescribePodShowsThePodAndItsEvents() throws Exception {
    Pod pod = runPod("described", "sleep 30");
    client.v1().events().resource(new EventBuilder().withNewMetadata().withName("described.1").endMetadata()
        .withType("Normal").withReason("Started").withMessage("Started container trainer")
        .withLastTimestamp(Instant.now().toString()).withFirstTimestamp(Instant.now().toString()).withCount(1)
        .withNewInvolvedObject().withKind("Pod").withName("described").withNamespace("default")
        .withUid(pod.getMetadata().getUid()).endInvolvedObject().build()).create();

    Kubectl.Result described = kubectl("describe", "pod", "described");

    assertThat(described.exit()).as(described.toString()).isZero();
    assertThat(described.err()).doesNotContain("protobuf");
    assertThat(described.out()).contains("Name:").contains("described").contains("Node:").contains(NODE)
        .contains("Status:").contains("Running").contains("trainer:");
    assertThat(described.out().substring(described.out().indexOf("Events:")))
        .contains("Normal").contains("Started").contains("Started container trainer");
    client.pods().withName("described").withGracePeriod(0).delete();
  }

  @Test
  void kubectlDescribeShowsATrainingJobAndANode() throws Exception {
    Kubectl.Result applied = kubectl("apply", "-f",
        REPO.resolve("examples/quick-deeplab-synthetic.yaml").toString());
    assertThat(applied.exit()).as(applied.toString()).isZero();

    Kubectl.Result job = kubectl("describe", "stj", "quick-deeplab");
    Kubectl.Result node = kubectl("describe", "node", NODE);

    assertThat(job.exit()).as(job.toString()).isZero();
    assertThat(job.out()).contains("quick-deeplab").contains("SegmentationTrainingJob").contains("Spec:");
    assertThat(node.exit()).as(node.toString()).isZero();
    assertThat(node.out()).contains(NODE).contains("v1.32.0-segtpu-sandbox");
  }

  @Test
  void kubectlGetEventsShowsTypeReasonObjectAndMessage() throws Exception {
    client.v1().events().resource(new EventBuilder().withNewMetadata().withName("quick.1").endMetadata()
        .withType("Warning").withReason("Preempted").withMessage("Spot capacity reclaimed")
        .withLastTimestamp(Instant.now().toString()).withCount(1)
        .withNewInvolvedObject().withKind("SegmentationTrainingJob").withName("quick").withNamespace("default")
        .endInvolvedObject().build()).create();

    Kubectl.Result events = kubectl("get", "events");

    assertThat(events.exit()).as(events.toString()).isZero();
    assertThat(events.out().lines().findFirst().orElseThrow())
        .containsSubsequence("LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE");
    assertThat(events.out()).containsPattern("Warning\\s+Preempted\\s+segmentationtrainingjob/quick\\s+Spot capacity reclaimed");
  }

  @Test
  void kubectlGetPodsNodesAndServicesPrintKubesColumns() throws Exception {
    runPod("listed", "sleep 30");
    client.services().resource(new io.fabric8.kubernetes.api.model.ServiceBuilder().withNewMetadata().withName("workers")
        .endMetadata().withNewSpec().withClusterIP("None").addNewPort().withPort(8470).withProtocol("TCP").endPort()
        .endSpec().build()).create();

    Kubectl.Result pods = kubectl("get", "pods", "listed", "-o", "wide");
    Kubectl.Result nodes = kubectl("get", "nodes");
    Kubectl.Result services = kubectl("get", "svc", "workers");

    assertThat(pods.out().lines().findFirst().orElseThrow()).containsSubsequence("NAME", "READY", "STATUS", "RESTARTS",
        "AGE", "IP", "NODE", "NOMINATED NODE", "READINESS GATES");
    assertThat(pods.out()).containsPattern("listed\\s+1/1\\s+Running\\s+0\\s+\\d+s\\s+127\\.\\S+\\s+" + NODE + "\\s+<none>\\s+<none>");
    assertThat(nodes.out()).containsPattern(NODE + "\\s+Ready\\s+tpu\\s+\\d+s\\s+v1\\.32\\.0-segtpu-sandbox");
    assertThat(services.out().lines().findFirst().orElseThrow())
        .containsSubsequence("NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE");
    assertThat(services.out()).containsPattern("workers\\s+ClusterIP\\s+None\\s+<none>\\s+8470/TCP\\s+\\d+s");
    client.pods().withName("listed").withGracePeriod(0).delete();
  }
}
