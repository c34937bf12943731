package dev.segtpu.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.segtpu.api.Phase;
import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.api.StorageSource;
import dev.segtpu.sandbox.Sandbox;
import dev.segtpu.sandbox.SandboxOptions;
import dev.segtpu.sandbox.kubelet.PodProcess;
import dev.segtpu.sandbox.nodepool.NodePoolSpec;
import io.fabric8.kubernetes.api.model.Event;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two-slice example with the real TensorFlow trainer: the workers of two single-host slices train
 * one model, and a worker process that dies (not a reclaim) restarts the gang as a counted trainer
 * failure while its peer, which lost it, leaves at once instead of hanging.
 */
class MultisliceTrainingSystemTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NAME = "quick-deeplab-2slice";

  @TempDir
  Path root;

  private SegmentationTrainingJob job(Path storage, long steps) {
    SegmentationTrainingJob job = SandboxJobs.example("quick-deeplab-2slice.yaml");
    job.getSpec().training.steps = steps;
    job.getSpec().training.evalIntervalSteps = null;
    job.getSpec().checkpoint.interval = "20steps";
    job.getSpec().checkpoint.storage = StorageSource.hostPath(storage.toString());
    return job;
  }

  @Test
  void theWorkersOfTwoSlicesTrainOneModelToTheFinalStep() throws Exception {
    Path storage = root.resolve("checkpoints");
    try (Sandbox sandbox = Sandbox.start(SandboxOptions.of(root, List.of(NodePoolSpec.parse("v5e:1x1:spot:2"))))) {
      SandboxJobs jobs = new SandboxJobs(sandbox);
      jobs.create(job(storage, 40));

      SegmentationTrainingJob done = jobs.awaitFinished(NAME, Duration.ofMinutes(4));

      assertThat(done.getStatus().phase).as(String.valueOf(done.getStatus().conditions)).isEqualTo(Phase.Succeeded);
      assertThat(done.getStatus().tpu).startsWith("2 × ");
      Path folder = MultiHostTrainingSystemTest.jobFolder(storage);
      Map<Integer, List<Long>> steps = MultiHostTrainingSystemTest.stepsByAttempt(folder.resolve("steps.jsonl"));
      assertThat(steps.get(1)).as("worker 0 alone logs the group's steps, each once")
          .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 40).boxed().toList());
      JsonNode finalMetrics = JSON.readTree(folder.resolve("final-metrics.json").toFile());
      assertThat(done.getStatus().evalMetrics.meanIoU).isEqualTo(finalMetrics.path("eval").path("meanIoU").asDouble());
    }
  }

  @Test
  void aKilledWorkerProcessRestartsTheGangAsOneTrainerFailureAndNothingHangs() throws Exception {
    Path storage = root.resolve("checkpoints");
    try (Sandbox sandbox = Sandbox.start(SandboxOptions.of(root, List.of(NodePoolSpec.parse("v5e:1x1:spot:2"))))) {
      SandboxJobs jobs = new SandboxJobs(sandbox);
      jobs.create(job(storage, 60));
      jobs.awaitJob(NAME, Duration.ofMinutes(4), j -> j.getStatus() != null && j.getStatus().progress != null
          && j.getStatus().progress.step != null && j.getStatus().progress.step >= 10);

      PodProcess victim = sandbox.kubelet().runningProcesses().stream()
          .filter(p -> p.pod().getMetadata().getName().equals(NAME + "-a1-w1")).findFirst().orElseThrow();
      victim.kill();

      SegmentationTrainingJob done = jobs.awaitFinished(NAME, Duration.ofMinutes(5));
      assertThat(done.getStatus().phase).as(String.valueOf(done.getStatus().conditions)).isEqualTo(Phase.Succeeded);
      assertThat(done.getStatus().failuresOrZero()).isEqualTo(1);
      assertThat(done.getStatus().preemptionsOrZero()).isZero();
      assertThat(done.getStatus().attempt).isEqualTo(2);
      List<String> failures = sandbox.client().v1().events().inNamespace("default").list().getItems().stream()
          .filter(e -> NAME.equals(e.getInvolvedObject().getName()) && "TrainerFailed".equals(e.getReason()))
          .map(Event::getMessage).toList();
      assertThat(failures).as("the dead worker is the cause, not the peer that lost it").singleElement()
          .asString().contains(NAME + "-a1-w1").contains("137");
    }
  }
}
