package dev.segtpu.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segtpu.api.Phase;
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

/** kubectl drives the sandbox and the operator: apply, get with printer columns, describe with events, delete. */
class KubectlSystemTest {

  @TempDir
  Path root;

  private Path kubeconfig;

  @Test
  void kubectlAppliesWatchesDescribesAndDeletesAJob() throws Exception {
    RequiredTool.require(Kubectl.available(), "kubectl is not on PATH");
    try (Sandbox sandbox = Sandbox.start(SandboxOptions.of(root, List.of(NodePoolSpec.parse("v5e:1x1:spot"))))) {
      kubeconfig = sandbox.kubeconfig();
      SandboxJobs jobs = new SandboxJobs(sandbox);
      String manifest = Files.readString(Path.of("resources", "standin-job.yaml"))
          .replace("CHECKPOINT_PATH", root.resolve("checkpoints").toString());
      Path file = Files.writeString(root.resolve("job.yaml"), manifest);

      Kubectl.Result applied = kubectl("apply", "--validate=false", "-f", file.toString());
      assertThat(applied.exit()).as(applied.toString()).isZero();
      jobs.awaitJob("standin", Duration.ofSeconds(60), j -> SandboxJobs.inPhase(j, Phase.Running)
          && j.getStatus().progress != null && j.getStatus().progress.step != null);

      Kubectl.Result listed = kubectl("get", "stj");
      assertThat(listed.out().lines().findFirst().orElseThrow().split("\\s+"))
          .containsExactly("NAME", "AGE", "MODEL", "COST", "PHASE", "PROGRESS", "TPU");
      String row = listed.out().lines().skip(1).findFirst().orElseThrow();
      assertThat(row).startsWith("standin").contains("deeplabv3plus").contains("Running").contains("v5e 1x1 spot");

      Kubectl.Result described = kubectl("describe", "segjob", "standin");
      assertThat(described.exit()).as(described.toString()).isZero();
      assertThat(described.out()).contains("Events:").contains("Scheduled").contains("Started")
          .contains("Topology:").contains("1x1");

      Kubectl.Result pods = kubectl("get", "pods", "-l", "segtpu.dev/job=standin");
      assertThat(pods.out()).contains("standin-a1-w0").contains("Running");

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
