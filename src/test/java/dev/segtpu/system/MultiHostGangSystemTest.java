package dev.segtpu.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segtpu.api.Phase;
import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.api.StorageSource;
import dev.segtpu.api.TrainerSpec;
import dev.segtpu.sandbox.Sandbox;
import dev.segtpu.sandbox.SandboxOptions;
import dev.segtpu.sandbox.kubelet.LocalImages;
import dev.segtpu.sandbox.nodepool.NodePoolSpec;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A multi-host slice (v5e 4x4: 16 chips on 4 hosts) runs as one gang: four worker pods, each on its
 * own host of one slice, with consistent worker ids and host names. The contract-checking stand-in
 * trainer exits 2 if its environment is inconsistent, which would fail the job.
 */
class MultiHostGangSystemTest {

  @TempDir
  Path root;

  @Test
  void fourHostSliceRunsAsOneGangWithConsistentWorkerEnvironment() {
    try (Sandbox sandbox = Sandbox.start(SandboxOptions.of(root, List.of(NodePoolSpec.parse("v5e:4x4:spot"))))) {
      SandboxJobs jobs = new SandboxJobs(sandbox);
      SegmentationTrainingJob job = SandboxJobs.example("quick-deeplab-synthetic.yaml");
      job.getMetadata().setName("gang");
      job.getSpec().tpu.topology = "4x4";
      job.getSpec().training.batchSize = 8;
      job.getSpec().training.steps = 60L;
      job.getSpec().checkpoint.storage = StorageSource.hostPath(root.resolve("checkpoints").toString());
      job.getSpec().trainer = new TrainerSpec();
      job.getSpec().trainer.image = LocalImages.STANDIN_IMAGE;
      jobs.create(job);

      jobs.awaitJob("gang", Duration.ofSeconds(60), j -> SandboxJobs.inPhase(j, Phase.Running));
      List<Pod> pods = jobs.pods("gang");
      assertThat(pods).hasSize(4);
      assertThat(pods).extracting(p -> p.getSpec().getNodeName()).doesNotContainNull().doesNotHaveDuplicates();
      assertThat(pods).extracting(p -> sandbox.client().nodes().withName(p.getSpec().getNodeName()).get()
          .getMetadata().getLabels().get("segtpu.dev/sandbox-slice")).containsOnly("tpu-v5e-4x4-spot-0");
      Map<String, List<String>> workerIds = pods.stream().collect(Collectors.groupingBy(
          p -> env(p, "TPU_WORKER_HOSTNAMES"), Collectors.mapping(p -> env(p, "TPU_WORKER_ID"), Collectors.toList())));
      assertThat(workerIds).as("one host list shared by all workers").hasSize(1);
      assertThat(workerIds.values().iterator().next()).containsExactlyInAnyOrder("0", "1", "2", "3");
      assertThat(workerIds.keySet().iterator().next().split(",")).hasSize(4);
      assertThat(pods).allSatisfy(p -> assertThat(env(p, "SEGTPU_WORKER_COUNT")).isEqualTo("4"));

      SegmentationTrainingJob done = jobs.awaitFinished("gang", Duration.ofSeconds(120));
      assertThat(done.getStatus().phase).isEqualTo(Phase.Succeeded);
      assertThat(sandbox.kubelet().lifetimes()).filteredOn(l -> "gang".equals(l.job()))
          .hasSize(4).allSatisfy(l -> assertThat(l.exitCode()).isZero());
    }
  }

  private static String env(Pod pod, String name) {
    return pod.getSpec().getContainers().get(0).getEnv().stream().filter(e -> e.getName().equals(name))
        .map(EnvVar::getValue).findFirst().orElse(null);
  }
}
