package dev.segtpu.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.segtpu.contract.TrainerExit;
import dev.segtpu.trainer.dataset.WriteSyntheticCocoRecords;
import dev.segtpu.trainer.model.HostArrays;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
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
 * Mask R-CNN in real trainer processes on a tiny network: it trains, evaluates with COCO's protocol, reports
 * box and mask AP in its final metrics and termination message, exports a SavedModel that detects, and a run
 * stopped by SIGTERM and resumed in a new process repeats the uninterrupted run's losses and weights exactly.
 */
class MaskRcnnProcessTest {

  private static final long STEPS = 10;
  private static final Duration TIMEOUT = Duration.ofMinutes(3);

  @TempDir
  static Path shared;
  private static Map<Long, Float> straightLosses;
  private static String straightWeights;

  @BeforeAll
  static void trainStraightThrough() throws Exception {
    Path dir = shared.resolve("straight");
    TrainerRun run = TrainerRun.startMaskRcnn(dir, 1, STEPS, "--termination-message-path",
        shared.resolve("straight-termination-log").toString());
    assertThat(run.waitForExit(TIMEOUT)).as(run.log()).isEqualTo(TrainerExit.SUCCEEDED.code());
    straightLosses = TrainerRun.losses(dir);
    straightWeights = TrainerRun.finalMetrics(dir).get("weightsSha256").asText();
    assertThat(straightLosses).hasSize((int) STEPS);
    assertThat(straightLosses.values()).allSatisfy(loss -> assertThat(loss).isFinite().isPositive());
  }

  @Test
  void theFinalMetricsAndTheTerminationMessageCarryTheCocoEvaluation() throws Exception {
    JsonNode eval = TrainerRun.finalMetrics(shared.resolve("straight")).path("eval");
    assertThat(eval.path("step").asLong()).isEqualTo(STEPS);
    assertThat(eval.path("images").asInt()).as("the synthetic evaluation split: max(batch, examples / 4)").isEqualTo(2);
    assertThat(eval.path("boxStats")).hasSize(12);
    assertThat(eval.path("maskStats")).hasSize(12);
    for (String metric : new String[] {"boxAP", "maskAP", "boxAP50", "boxAP75"}) {
      assertThat(eval.path(metric).asDouble()).as(metric).isBetween(0.0, 1.0);
    }
    JsonNode message = TrainerRun.json(shared.resolve("straight-termination-log"));
    assertThat(message.path("phase").asText()).isEqualTo("done");
    assertThat(message.path("eval").path("step").asLong()).isEqualTo(STEPS);
    assertThat(message.path("eval").path("boxAP").asDouble()).isEqualTo(eval.path("boxAP").asDouble());
    assertThat(message.path("eval").path("maskAP").asDouble()).isEqualTo(eval.path("maskAP").asDouble());
    assertThat(message.path("eval").has("meanIoU")).as("no DeepLab metric on a Mask R-CNN status").isFalse();
    assertThat(message.path("bestCheckpoint").path("metric").asText()).isEqualTo("maskAP");
  }

  @Test
  void theExportedSavedModelTakesAnImageAndReturnsDetectionsWithMasksAtImageResolution() {
    int size = 64;
    float[] pixels = new float[size * size * 3];
    java.util.Random random = new java.util.Random(5);
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = 255 * random.nextFloat();
    }
    try (SavedModelBundle model = SavedModelBundle.load(shared.resolve("straight").resolve("saved_model").toString(), "serve");
         TFloat32 image = HostArrays.tensor(Shape.of(1, size, size, 3), pixels);
         Result result = model.function(Signature.DEFAULT_KEY).call(Map.of("image", image))) {
      TFloat32 boxes = (TFloat32) result.get("detection_boxes").orElseThrow();
      TFloat32 scores = (TFloat32) result.get("detection_scores").orElseThrow();
      TInt32 classes = (TInt32) result.get("detection_classes").orElseThrow();
      TInt32 count = (TInt32) result.get("num_detections").orElseThrow();
      TFloat32 masks = (TFloat32) result.get("detection_masks").orElseThrow();
      assertThat(boxes.shape()).isEqualTo(Shape.of(100, 4));
      assertThat(scores.shape()).isEqualTo(Shape.of(100));
      assertThat(classes.shape()).isEqualTo(Shape.of(100));
      assertThat(masks.shape()).isEqualTo(Shape.of(100, size, size));
      int made = count.getInt();
      assertThat(made).isBetween(0, 100);
      float[] s = HostArrays.floats(scores);
      int[] c = HostArrays.ints(classes);
      float[] m = HostArrays.floats(masks);
      for (int d = 0; d < made; d++) {
        assertThat(s[d]).as("detection %d's score", d).isBetween(0.05f, 1f);
        assertThat(c[d]).as("detection %d's class: never background", d).isBetween(1, 3);
      }
      for (float probability : m) {
        assertThat(probability).isBetween(0f, 1f);
      }
    }
  }

  @Test
  void sigtermCheckpointsAndANewProcessReproducesTheUninterruptedRun(@TempDir Path dir) throws Exception {
    TrainerRun first = TrainerRun.startMaskRcnn(dir, 1, STEPS);
    first.awaitStep(dir, 3, TIMEOUT);
    first.terminate();
    assertThat(first.waitForExit(TIMEOUT)).as(first.log()).isEqualTo(TrainerExit.CHECKPOINTED_ON_SIGTERM.code());
    long stoppedAt = TrainerRun.losses(dir).size();
    assertThat(stoppedAt).isBetween(3L, STEPS - 1);
    assertThat(TrainerRun.committed(dir)).containsExactly(String.format("ckpt-%012d-a1", stoppedAt));

    TrainerRun second = TrainerRun.startMaskRcnn(dir, 2, STEPS);
    assertThat(second.waitForExit(TIMEOUT)).as(second.log()).isEqualTo(TrainerExit.SUCCEEDED.code());
    assertThat(second.log()).contains("restored step " + stoppedAt + " (attempt 1)");
    assertThat(TrainerRun.entries(dir).stream().filter(e -> e.get("attempt").asInt() == 2).findFirst().orElseThrow()
        .get("step").asLong()).isEqualTo(stoppedAt + 1);
    assertThat(TrainerRun.losses(dir)).isEqualTo(straightLosses);
    assertThat(TrainerRun.finalMetrics(dir).get("weightsSha256").asText()).isEqualTo(straightWeights);
  }

  /**
   * The COCO path end to end: records in the reference's layout, written by the synthetic-records tool (JPEG images,
   * PNG masks, non-square images that the input pipeline resizes and pads), train and evaluate in a trainer process.
   */
  @Test
  void aJobTrainsAndEvaluatesOnCocoLayoutTfRecords(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("coco");
    for (String[] split : new String[][] {{"train", "6"}, {"val", "2"}}) {
      int written = new picocli.CommandLine(new WriteSyntheticCocoRecords()).execute("--output", data.toString(), "--split",
          split[0], "--examples", split[1], "--shards", "2", "--height", "90", "--width", "120", "--categories", "3");
      assertThat(written).isZero();
    }
    Path checkpoints = dir.resolve("checkpoints");
    TrainerRun run = TrainerRun.startMaskRcnn(checkpoints, 1, 3, "--dataset-format", "coco-tfrecord", "--data-dir",
        data.toString(), "--train-file-pattern", "train-*.tfrecord", "--eval-file-pattern", "val-*.tfrecord");
    assertThat(run.waitForExit(TIMEOUT)).as(run.log()).isEqualTo(TrainerExit.SUCCEEDED.code());
    JsonNode eval = TrainerRun.finalMetrics(checkpoints).path("eval");
    assertThat(eval.path("images").asInt()).as("both evaluation records").isEqualTo(2);
    assertThat(eval.path("boxStats")).hasSize(12);
    assertThat(TrainerRun.losses(checkpoints)).hasSize(3);
  }
}
