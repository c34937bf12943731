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
import dev.segtpu.sandbox.reclaim.SpotReclaimer;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two-slice example (examples/quick-deeplab-2slice.yaml: two v5e 1x1 Spot slices) on a sandbox pool of
 * two slices, with the contract-checking stand-in trainer, which exits 2 if a worker's slice, ids or host
 * names disagree: the scheduler puts the two gangs on distinct slices, the job succeeds, and losing one
 * slice restarts both as one attempt.
 */
class MultisliceSystemTest {

  @TempDir
  Path root;

  private SegmentationTrainingJob twoSliceJob(String name, long steps) {
    SegmentationTrainingJob job = SandboxJobs.example("quick-deeplab-2slice.yaml");
    job.getMetadata().setName(name);
    job.getSpec().training.steps = steps;
    job.getSpec().training.evalIntervalSteps = null;
    job.getSpec().checkpoint.interval = "10steps";
    job.getSpec().checkpoint.storage = StorageSource.hostPath(root.resolve("checkpoints").toString());
    job.getSpec().trainer = new TrainerSpec();
    job.getSpec().trainer.image = LocalImages.STANDIN_IMAGE;
    return job;
  }

  @Test
  void aJobOfTwoSlicesRunsToSuccessWithOnePodOnEachSlice() {
    try (Sandbox sandbox = Sandbox.start(SandboxOptions.of(root, List.of(NodePoolSpec.parse("v5e:1x1:spot:2"))))) {
      SandboxJobs jobs = new SandboxJobs(sandbox);
      jobs.create(twoSliceJob("two", 60));

      jobs.awaitJob("two", Duration.ofSeconds(60), j -> SandboxJobs.inPhase(j, Phase.Running));
      List<Pod> pods = jobs.pods("two");
      assertThat(pods).hasSize(2);
      assertThat(pods).extracting(p -> sliceOfNode(sandbox, p)).containsExactlyInAnyOrder("tpu-v5e-1x1-spot-0", "tpu-v5e-1x1-spot-1");
      assertThat(pods).extracting(p -> env(p, "MEGASCALE_SLICE_ID")).containsExactlyInAnyOrder("0", "1");
      assertThat(pods).extracting(p -> env(p, "SEGTPU_WORKER_COUNT")).containsOnly("2");
      assertThat(jobs.get("two").getStatus().tpu).isEqualTo("2 × v5e 1x1 spot");
      assertThat(sandbox.client().services().inNamespace("default").withName("two-workers").get()).isNotNull();

      SegmentationTrainingJob done = jobs.awaitFinished("two", Duration.ofSeconds(120));
      assertThat(done.getStatus().phase).isEqualTo(Phase.Succeeded);
      assertThat(done.getStatus().attempt).isEqualTo(1);
      assertThat(sandbox.kubelet().lifetimes()).filteredOn(l -> "two".equals(l.job()))
          .hasSize(2).allSatisfy(l -> assertThat(l.exitCode()).isZero());
    }
  }

  @Test
  void losingOneSliceRestartsBothSlicesAsTheNextAttemptAndNamesTheLostSlice() throws Exception {
    try (Sandbox sandbox = Sandbox.start(SandboxOptions.of(root, List.of(NodePoolSpec.parse("v5e:1x1:spot:2"))));
         SpotReclaimer reclaimer = new SpotReclaimer(sandbox.client(), sandbox.kubelet(), Duration.ofSeconds(5),
             Duration.ofSeconds(2))) {
      SandboxJobs jobs = new SandboxJobs(sandbox);
      jobs.create(twoSliceJob("lost", 300));
      jobs.awaitJob("lost", Duration.ofSeconds(60), j -> j.getStatus() != null && j.getStatus().progress != null
          && j.getStatus().progress.step != null && j.getStatus().progress.step >= 30);

      Map<String, String> sliceByPod = jobs.pods("lost").stream()
          .collect(Collectors.toMap(p -> p.getMetadata().getName(), p -> env(p, "MEGASCALE_SLICE_ID")));
      String lostSlice = sliceByPod.get(reclaimer.reclaim("default", "lost", SpotReclaimer.Mode.SHUTDOWN).orElseThrow().pod());

      SegmentationTrainingJob done = jobs.awaitFinished("lost", Duration.ofSeconds(120));
      assertThat(done.getStatus().phase).isEqualTo(Phase.Succeeded);
      assertThat(done.getStatus().attempt).isEqualTo(2);
      assertThat(done.getStatus().preemptions).isEqualTo(1);
      assertThat(done.getStatus().failuresOrZero()).isZero();
      assertThat(jobs.eventReasons("lost", "Succeeded")).contains("Preempted", "Restarted", "Succeeded");
      assertThat(sandbox.client().v1().events().inNamespace("default").list().getItems()).extracting(Event::getMessage)
          .anySatisfy(message -> assertThat(message).contains("slice " + lostSlice + " of 2 lost: "));
      assertThat(sandbox.kubelet().lifetimes()).filteredOn(l -> "lost".equals(l.job()))
          .as("both slices' workers of attempt 2 finished").filteredOn(l -> l.exitCode() == 0).hasSize(2);
    }
  }

  private static String sliceOfNode(Sandbox sandbox, Pod pod) {
    return sandbox.client().nodes().withName(pod.getSpec().getNodeName()).get().getMetadata().getLabels()
        .get("segtpu.dev/sandbox-slice");
  }

  private static String env(Pod pod, String name) {
    return pod.getSpec().getContainers().get(0).getEnv().stream().filter(e -> e.getName().equals(name))
        .map(EnvVar::getValue).findFirst().orElse(null);
  }
}
