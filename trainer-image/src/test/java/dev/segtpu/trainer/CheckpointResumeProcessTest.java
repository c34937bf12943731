package dev.segtpu.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segtpu.contract.TrainerExit;
import dev.segtpu.trainer.model.HostArrays;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Preemption and crash recovery with real trainer processes: an interrupted run must continue exactly
 * where the uninterrupted run would have been (same per-step losses, same final weights). The
 * uninterrupted run's SavedModel export is loaded and served here too.
 */
class CheckpointResumeProcessTest {

  /** Long enough that a signal sent after step 3 lands well before the end (tiny steps take ~0.1 s). */
  private static final long STEPS = 24;
  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  @TempDir
  static Path shared;
  private static Map<Long, Float> straightLosses;
  private static String straightWeights;

  @BeforeAll
  static void trainStraightThrough() throws Exception {
    Path dir = shared.resolve("straight");
    TrainerRun run = TrainerRun.start(dir, 1, STEPS, "--termination-message-path", shared.resolve("straight-termination-log").toString());
    assertThat(run.waitForExit(TIMEOUT)).as(run.log()).isEqualTo(TrainerExit.SUCCEEDED.code());
    straightLosses = TrainerRun.losses(dir);
    straightWeights = TrainerRun.finalMetrics(dir).get("weightsSha256").asText();
    assertThat(straightLosses).hasSize((int) STEPS);
  }

  @Test
  void theTerminationMessageCarriesTheFinalCheckpointAndEvaluation() throws IOException {
    var message = TrainerRun.json(shared.resolve("straight-termination-log"));
    assertThat(message.path("phase").asText()).isEqualTo("done");
    assertThat(message.path("step").asLong()).isEqualTo(STEPS);
    assertThat(message.path("lastCheckpoint").path("step").asLong()).isEqualTo(STEPS);
    assertThat(message.path("eval").path("step").asLong()).isEqualTo(STEPS);
    assertThat(message.path("eval").path("meanIoU").asDouble())
        .isEqualTo(TrainerRun.finalMetrics(shared.resolve("straight")).path("eval").path("meanIoU").asDouble());
  }

  @Test
  void theExportedSavedModelServesTheTrainedNetworkInAFreshSession() {
    Path export = shared.resolve("straight").resolve("saved_model");
    int batch = 2;
    int size = 32;
    int classes = 3;
    float[] pixels = new float[batch * size * size * 3];
    java.util.Random random = new java.util.Random(5);
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = 255 * random.nextFloat();
    }
    try (SavedModelBundle model = SavedModelBundle.load(export.toString(), "serve");
         TFloat32 images = HostArrays.tensor(Shape.of(batch, size, size, 3), pixels);
         Result result = model.function(Signature.DEFAULT_KEY).call(Map.of("images", images))) {
      TFloat32 logits = (TFloat32) result.get("logits").orElseThrow();
      TInt32 predicted = (TInt32) result.get("classes").orElseThrow();
      assertThat(logits.shape()).isEqualTo(Shape.of(batch, size, size, classes));
      assertThat(predicted.shape()).isEqualTo(Shape.of(batch, size, size));
      float[] scores = HostArrays.floats(logits);
      int[] labels = HostArrays.ints(predicted);
      java.util.Set<Float> distinct = new java.util.HashSet<>();
      for (int p = 0; p < labels.length; p++) {
        int best = 0;
        for (int c = 0; c < classes; c++) {
          assertThat(scores[p * classes + c]).isFinite();
          distinct.add(scores[p * classes + c]);
          if (scores[p * classes + c] > scores[p * classes + best]) {
            best = c;
          }
        }
        assertThat(labels[p]).as("pixel %d: the argmax of its logits", p).isEqualTo(best);
      }
      assertThat(distinct).as("logits vary with the image: the trained weights were loaded").hasSizeGreaterThan(classes);
    }
  }

  @Test
  void sigtermCheckpointsAndANewProcessReproducesTheUninterruptedRun(@TempDir Path dir) throws Exception {
    Path message = dir.resolveSibling("termination-log");
    TrainerRun first = TrainerRun.start(dir, 1, STEPS, "--termination-message-path", message.toString());
    first.awaitStep(dir, 3, TIMEOUT);
    first.terminate();
    assertThat(first.waitForExit(TIMEOUT)).as(first.log()).isEqualTo(TrainerExit.CHECKPOINTED_ON_SIGTERM.code());
    long stoppedAt = TrainerRun.losses(dir).size();
    assertThat(stoppedAt).isBetween(3L, STEPS - 1);
    assertThat(TrainerRun.committed(dir)).containsExactly(String.format("ckpt-%012d-a1", stoppedAt));
    assertThat(TrainerRun.json(message).path("lastCheckpoint").path("step").asLong())
        .as("the termination message names the SIGTERM checkpoint").isEqualTo(stoppedAt);

    TrainerRun second = TrainerRun.start(dir, 2, STEPS);
    assertThat(second.waitForExit(TIMEOUT)).as(second.log()).isEqualTo(TrainerExit.SUCCEEDED.code());
    assertThat(TrainerRun.entries(dir).stream().filter(e -> e.get("attempt").asInt() == 2).findFirst().orElseThrow()
        .get("step").asLong()).isEqualTo(stoppedAt + 1);
    assertThat(TrainerRun.losses(dir)).isEqualTo(straightLosses);
    assertThat(TrainerRun.finalMetrics(dir).get("weightsSha256").asText()).isEqualTo(straightWeights);
  }

  @Test
  void afterSigkillTheNextProcessResumesFromTheLastPeriodicCheckpoint(@TempDir Path dir) throws Exception {
    TrainerRun first = TrainerRun.start(dir, 1, STEPS, "--checkpoint-interval", "2steps");
    first.awaitStep(dir, 5, TIMEOUT);
    first.kill();
    first.waitForExit(TIMEOUT);
    List<String> complete = TrainerRun.committed(dir);
    String newest = complete.get(complete.size() - 1);
    long lastCheckpoint = Long.parseLong(newest.substring("ckpt-".length(), newest.length() - "-a1".length()));
    assertThat(lastCheckpoint).isBetween(4L, STEPS - 2);

    TrainerRun second = TrainerRun.start(dir, 2, STEPS, "--checkpoint-interval", "2steps");
    assertThat(second.waitForExit(TIMEOUT)).as(second.log()).isEqualTo(TrainerExit.SUCCEEDED.code());
    assertThat(second.log()).contains("restored step " + lastCheckpoint + " (attempt 1)");
    assertThat(TrainerRun.losses(dir)).isEqualTo(straightLosses);
    assertThat(TrainerRun.finalMetrics(dir).get("weightsSha256").asText()).isEqualTo(straightWeights);
  }

  @Test
  void aTruncatedCheckpointIsSkippedForThePreviousOne(@TempDir Path dir) throws Exception {
    TrainerRun first = TrainerRun.start(dir, 1, 4, "--checkpoint-interval", "2steps");
    assertThat(first.waitForExit(TIMEOUT)).as(first.log()).isEqualTo(TrainerExit.SUCCEEDED.code());
    assertThat(TrainerRun.committed(dir)).containsExactly("ckpt-000000000002-a1", "ckpt-000000000004-a1");
    try (Stream<Path> files = Files.list(dir.resolve("ckpt-000000000004-a1"))) {
      Path data = files.filter(p -> p.getFileName().toString().startsWith("variables.data")).findFirst().orElseThrow();
      try (RandomAccessFile file = new RandomAccessFile(data.toFile(), "rw")) {
        file.setLength(file.length() / 2);
      }
    }

    TrainerRun second = TrainerRun.start(dir, 2, 6, "--checkpoint-interval", "2steps");
    assertThat(second.waitForExit(TIMEOUT)).as(second.log()).isEqualTo(TrainerExit.SUCCEEDED.code());
    assertThat(second.log()).contains("ckpt-000000000004-a1 is damaged").contains("restored step 2 (attempt 1)");
    assertThat(TrainerRun.entries(dir).stream().filter(e -> e.get("attempt").asInt() == 2).findFirst().orElseThrow()
        .get("step").asLong()).isEqualTo(3);
  }

  @Test
  void aStaleAttemptRefusesToWriteWhereANewerAttemptCheckpointed(@TempDir Path dir) throws Exception {
    TrainerRun newer = TrainerRun.start(dir, 3, 2);
    assertThat(newer.waitForExit(TIMEOUT)).as(newer.log()).isEqualTo(TrainerExit.SUCCEEDED.code());
    List<String> before = TrainerRun.committed(dir);
    Path newestMarker = dir.resolve(before.get(before.size() - 1) + ".commit.json");
    byte[] marker = Files.readAllBytes(newestMarker);

    Path message = dir.resolveSibling("stale-termination-log");
    TrainerRun stale = TrainerRun.start(dir, 2, 4, "--termination-message-path", message.toString());
    assertThat(stale.waitForExit(TIMEOUT)).as(stale.log()).isEqualTo(TrainerExit.FENCED.code());
    assertThat(stale.log()).contains("belongs to attempt 3, newer than this attempt 2");
    assertThat(TrainerRun.json(message).path("phase").asText()).isEqualTo("failed");
    assertThat(TrainerRun.json(message).path("error").asText()).as("why, for the operator's event")
        .startsWith("fenced: ").contains("newer than this attempt 2");
    assertThat(Files.readAllBytes(newestMarker)).isEqualTo(marker);
    assertThat(TrainerRun.committed(dir)).isEqualTo(before);
  }

}
