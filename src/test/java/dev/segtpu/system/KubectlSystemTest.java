package dev.segtpu.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segtpu.operator.testing.RequiredTool;
import dev.segtpu.sandbox.Kubectl;
import dev.segtpu.sandbox.Sandbox;
import dev.segtpu.sandbox.SandboxOptions;
import dev.segtpu.sandbox.nodepool.NodePoolSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's session with the real kubectl against the sandbox, verb by verb as on a cluster: apply (with
 * kubectl's default validation, which reads the server's OpenAPI), get with printer columns, get -w
 * until the job runs, logs -f of worker 0, describe of the pod and the job, events with their reasons,
 * wait for Succeeded, explain, delete.
 */
class KubectlSystemTest {

  @TempDir
  Path root;

  private Path kubeconfig;

  @Test
  void aUserSessionAppliesWatchesFollowsLogsDescribesWaitsExplainsAndDeletesAJob() throws Exception {
    RequiredTool.require(Kubectl.available(), "kubectl is not on PATH");
    try (Sandbox sandbox = Sandbox.start(SandboxOptions.of(root, List.of(NodePoolSpec.parse("v5e:1x1:spot"))))) {
      kubeconfig = sandbox.kubeconfig();
      SandboxJobs jobs = new SandboxJobs(sandbox);
      String manifest = Files.readString(Path.of("resources", "standin-job.yaml"))
          .replace("CHECKPOINT_PATH", root.resolve("checkpoints").toString());
      Path file = Files.writeString(root.resolve("job.yaml"), manifest);

      Kubectl.Result applied = kubectl("apply", "-f", file.toString());
      assertThat(applied.exit()).as(applied.toString()).isZero();

      List<String> watched = new Kubectl(kubeconfig).streamUntil(Duration.ofSeconds(60),
          lines -> lines.stream().anyMatch(l -> l.startsWith("standin") && l.contains("Running")), "get", "stj", "-w");
      assertThat(watched.get(0).split("\\s+")).containsExactly("NAME", "AGE", "MODEL", "COST", "PHASE", "PROGRESS", "TPU");
      assertThat(watched).as("get -w streamed the job until it ran").anySatisfy(l -> assertThat(l).startsWith("standin")
          .contains("deeplabv3plus").contains("Running").contains("v5e 1x1 spot"));

      List<String> logs = new Kubectl(kubeconfig).streamUntil(Duration.ofSeconds(60),
          lines -> lines.stream().filter(l -> l.contains("checkpoint at step")).count() >= 2, "logs", "-f", "standin-a1-w0");
      assertThat(logs).as("logs -f streams the trainer's lines as it writes them")
          .anySatisfy(l -> assertThat(l).contains("resumes at step 0"))
          .filteredOn(l -> l.contains("checkpoint at step")).hasSizeGreaterThanOrEqualTo(2);

      Kubectl.Result pod = kubectl("describe", "pod", "standin-a1-w0");
      assertThat(pod.exit()).as(pod.toString()).isZero();
      assertThat(pod.out()).contains("Status:").contains("Running").contains("Node:").contains("google.com/tpu");

      Kubectl.Result described = kubectl("describe", "segjob", "standin");
      assertThat(described.exit()).as(described.toString()).isZero();
      assertThat(described.out()).contains("Events:").contains("Scheduled").contains("Started").contains("Topology:");

      Kubectl.Result events = kubectl("get", "events");
      assertThat(events.out().lines().findFirst().orElseThrow()).contains("TYPE").contains("REASON").contains("OBJECT")
          .contains("MESSAGE");
      assertThat(events.out()).contains("Scheduled").contains("segmentationtrainingjob/standin");

      Kubectl.Result waited = kubectl("wait", "--for=condition=Succeeded", "stj/standin", "--timeout=120s");
      assertThat(waited.exit()).as(waited.toString()).isZero();
      assertThat(waited.out()).contains("condition met");

      Kubectl.Result explained = kubectl("explain", "stj.spec.tpu");
      assertThat(explained.exit()).as(explained.toString()).isZero();
      assertThat(explained.out()).contains("topology").contains("provisioning");

      Kubectl.Result deleted = kubectl("delete", "stj", "standin", "--wait=true", "--timeout=60s");
      assertThat(deleted.exit()).as(deleted.toString()).isZero();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!jobs.pods("standin").isEmpty() && System.nanoTime() < deadline) {
        SandboxJobs.sleep(200);
      }
      assertThat(kubectl("get", "pods", "-l", "segtpu.dev/job=standin").err()).contains("No resources found");
      assertThat(sandbox.kubelet().runningProcesses()).isEmpty();
    }
  }

  private Kubectl.Result kubectl(String... args) throws InterruptedException {
    return new Kubectl(kubeconfig).run(args);
  }
}
