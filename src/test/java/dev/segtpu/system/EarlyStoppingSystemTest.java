package dev.segtpu.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.segtpu.api.EarlyStoppingSpec;
import dev.segtpu.api.Phase;
import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.api.SegmentationTrainingJobStatus;
import dev.segtpu.api.StorageSource;
import dev.segtpu.sandbox.Sandbox;
import dev.segtpu.sandbox.SandboxOptions;
import dev.segtpu.sandbox.nodepool.NodePoolSpec;
import io.fabric8.kubernetes.api.model.Condition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quick example job with the real TensorFlow trainer and early stopping that cannot be satisfied
 * (no mIoU rises by more than 1): the second evaluation uses up a patience of 1, the trainer exits 0,
 * and the job succeeds with reason EarlyStopped, its best checkpoint in the status and what it saved.
 */
class EarlyStoppingSystemTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path root;

  @Test
  void aJobWhoseMetricStopsImprovingSucceedsEarlyWithItsBestCheckpointAndTheStepsItSaved() throws Exception {
    Path storage = root.resolve("checkpoints");
    try (Sandbox sandbox = Sandbox.start(SandboxOptions.of(root, List.of(NodePoolSpec.parse("v5e:1x1:spot"))))) {
      SandboxJobs jobs = new SandboxJobs(sandbox);
      SegmentationTrainingJob job = SandboxJobs.example("quick-deeplab-synthetic.yaml");
      job.getMetadata().setName("early");
      job.getSpec().training.steps = 200L;
      job.getSpec().training.evalIntervalSteps = 10L;
      job.getSpec().training.earlyStopping = new EarlyStoppingSpec();
      job.getSpec().training.earlyStopping.metric = "meanIoU";
      job.getSpec().training.earlyStopping.patience = 1;
      job.getSpec().training.earlyStopping.minDelta = 1.0;
      job.getSpec().checkpoint.storage = StorageSource.hostPath(storage.toString());
      jobs.create(job);

      SegmentationTrainingJob done = jobs.awaitFinished("early", Duration.ofMinutes(5));

      SegmentationTrainingJobStatus status = done.getStatus();
      assertThat(status.phase).isEqualTo(Phase.Succeeded);
      assertThat(status.conditions).filteredOn(c -> "Succeeded".equals(c.getType())).singleElement()
          .extracting(Condition::getReason).isEqualTo("EarlyStopped");
      assertThat(status.earlyStop.step).isEqualTo(20);
      assertThat(status.earlyStop.plannedSteps).isEqualTo(200);
      assertThat(status.earlyStop.stepsSaved).isEqualTo(180);
      assertThat(status.earlyStop.secondsSaved).isPositive();
      assertThat(status.bestCheckpoint.metric).isEqualTo("meanIoU");
      assertThat(status.bestCheckpoint.step).isIn(10L, 20L);
      Path folder;
      try (var files = Files.walk(storage)) {
        folder = files.filter(f -> f.getFileName().toString().equals("final-metrics.json")).findFirst().orElseThrow().getParent();
      }
      assertThat(folder.resolve(String.format("best-%012d-a1.json", status.bestCheckpoint.step))).exists();
      JsonNode finalMetrics = JSON.readTree(folder.resolve("final-metrics.json").toFile());
      assertThat(finalMetrics.path("step").asLong()).isEqualTo(20);
      assertThat(jobs.eventReasons("early", "Succeeded")).contains("Succeeded").doesNotContain("TrainerFailed");
    }
  }
}
