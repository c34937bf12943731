package dev.segtpu.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.segtpu.contract.TrainerExit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tiny trainer keeping its best checkpoint through keep-N, and stopping early. */
class BestCheckpointProcessTest {

  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  @Test
  void earlyStoppingEndsTrainingAtTheFirstEvaluationThatCannotImproveEnoughAndExportsTheBest(@TempDir Path root) throws Exception {
    Path dir = root.resolve("early");
    Path message = root.resolve("termination-log");
    // No mIoU can rise by more than 1, so the second evaluation (step 4) uses up a patience of 1.
    TrainerRun run = TrainerRun.start(dir, 1, 40, "--eval-interval-steps", "2", "--early-stop-metric", "meanIoU",
        "--early-stop-patience", "1", "--early-stop-min-delta", "1", "--checkpoint-interval", "100steps",
        "--termination-message-path", message.toString());

    assertThat(run.waitForExit(TIMEOUT)).as(run.log()).isEqualTo(TrainerExit.SUCCEEDED.code());

    JsonNode status = TrainerRun.json(message);
    assertThat(status.path("phase").asText()).isEqualTo("done");
    assertThat(status.path("earlyStopped").asBoolean()).isTrue();
    assertThat(status.path("step").asLong()).isEqualTo(4);
    assertThat(TrainerRun.losses(dir)).hasSize(4);
    long best = status.path("bestCheckpoint").path("step").asLong();
    assertThat(best).isIn(2L, 4L);
    assertThat(status.path("bestCheckpoint").path("metric").asText()).isEqualTo("meanIoU");
    assertThat(TrainerRun.committed(dir)).as("the first evaluation's best and the stopping step")
        .containsExactly("ckpt-000000000002-a1", "ckpt-000000000004-a1");
    assertThat(dir.resolve(String.format("best-%012d-a1.json", best))).exists();
    assertThat(TrainerRun.finalMetrics(dir).path("step").asLong()).isEqualTo(4);
    assertThat(Files.isDirectory(dir.resolve("saved_model"))).isTrue();
    if (best == 2) {
      assertThat(run.log()).contains("exporting the best checkpoint: step 2");
    }
  }

  @Test
  void keepOneStillKeepsTheBestCheckpointBesideTheNewest(@TempDir Path root) throws Exception {
    Path dir = root.resolve("keep");
    Path message = root.resolve("termination-log");
    TrainerRun run = TrainerRun.start(dir, 1, 12, "--eval-interval-steps", "3", "--checkpoint-interval", "3steps",
        "--checkpoint-keep", "1", "--termination-message-path", message.toString());

    assertThat(run.waitForExit(TIMEOUT)).as(run.log()).isEqualTo(TrainerExit.SUCCEEDED.code());

    JsonNode status = TrainerRun.json(message);
    assertThat(status.has("earlyStopped")).isFalse();
    long best = status.path("bestCheckpoint").path("step").asLong();
    assertThat(best).isIn(3L, 6L, 9L, 12L);
    assertThat(TrainerRun.committed(dir)).contains(String.format("ckpt-%012d-a1", best), "ckpt-000000000012-a1")
        .hasSizeLessThanOrEqualTo(2);
    assertThat(TrainerRun.losses(dir)).hasSize(12);
  }
}
