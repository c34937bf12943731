package dev.segtpu.trainer.model.maskrcnn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.segtpu.trainer.model.HostArrays;
import dev.segtpu.trainer.model.maskrcnn.targets.Box;
import dev.segtpu.trainer.model.maskrcnn.targets.BoxCoder;
import dev.segtpu.trainer.model.maskrcnn.targets.BoxDelta;
import dev.segtpu.trainer.model.maskrcnn.targets.Boxes;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

class DetectionGraphTest {

  private static final int IMAGE = 128;
  private static final int CLASSES = 3;

  /**
   * Four proposals, classes background, 1 and 2. The first two overlap (IoU 0.82): class 1 keeps only the first
   * (0.9 over 0.8), class 2 keeps the second (0.18) because the first's class-2 probability (0.04) is under the
   * threshold. The third is background (0.97) with every class under the threshold: nothing. The fourth is class
   * 2 (0.67) with deltas that push it past the image's left edge, so its box is decoded and clipped.
   */
  @Test
  void overlapsOfOneClassAreSuppressedOtherClassesKeptLowScoresAndBackgroundDropped() {
    float[][] proposals = {{10, 10, 50, 50}, {12, 12, 52, 52}, {60, 60, 100, 100}, {0, 0, 20, 20}};
    double[][] probabilities = {{0.06, 0.9, 0.04}, {0.02, 0.8, 0.18}, {0.97, 0.01, 0.02}, {0.3, 0.03, 0.67}};
    float[][] deltas = new float[4][4 * CLASSES];
    BoxDelta shift = new BoxDelta(1.0, -0.5, 0.5, 0.2);
    deltas[3][8] = (float) shift.dy();
    deltas[3][9] = (float) shift.dx();
    deltas[3][10] = (float) shift.dh();
    deltas[3][11] = (float) shift.dw();

    Result result = detect(DetectionGraph.REFERENCE, proposals, probabilities, deltas);

    Box shifted = Boxes.clip(BoxCoder.BOX_HEAD.decode(shift, new Box(0, 0, 20, 20)), IMAGE, IMAGE);
    assertThat(shifted.xmin()).isZero();
    assertThat(result.count).isEqualTo(3);
    assertThat(Arrays.copyOf(result.classes, 4)).containsExactly(1, 2, 2, 0);
    assertThat(result.scores[0]).isCloseTo(0.9f, within(1e-5f));
    assertThat(result.scores[1]).isCloseTo(0.67f, within(1e-5f));
    assertThat(result.scores[2]).isCloseTo(0.18f, within(1e-5f));
    assertBox(result.boxes, 0, new Box(10, 10, 50, 50));
    assertBox(result.boxes, 1, shifted);
    assertBox(result.boxes, 2, new Box(12, 12, 52, 52));
    assertThat(result.boxes.length).isEqualTo(4 * 100);
    assertThat(Arrays.copyOfRange(result.boxes, 4 * 3, 4 * 100)).containsOnly(0f);
    assertThat(Arrays.copyOfRange(result.scores, 3, 100)).containsOnly(0f);
    assertThat(Arrays.copyOfRange(result.classes, 3, 100)).containsOnly(0);
  }

  @Test
  void noMoreThanTheDetectionsPerImageAreKeptHighestFirst() {
    int count = 12;
    float[][] proposals = new float[count][];
    double[][] probabilities = new double[count][];
    for (int p = 0; p < count; p++) {
      proposals[p] = new float[] {10 * p, 0, 10 * p + 8, 8};
      double score = 0.5 + 0.03 * p;
      probabilities[p] = new double[] {1 - score, score, 0};
    }
    Result result = detect(new DetectionGraph(0.5, 0.05, 5), proposals, probabilities, new float[count][4 * CLASSES]);
    assertThat(result.count).isEqualTo(5);
    assertThat(result.classes).containsExactly(1, 1, 1, 1, 1);
    for (int d = 0; d < 5; d++) {
      assertThat(result.scores[d]).isCloseTo((float) (0.5 + 0.03 * (count - 1 - d)), within(1e-5f));
      assertBox(result.boxes, d, new Box(10 * (count - 1 - d), 0, 10 * (count - 1 - d) + 8, 8));
    }
  }

  /** TensorFlow suppresses only above the IoU threshold: IoU exactly 0.5 (area 50 of a union of 100) survives. */
  @Test
  void aSameClassBoxOverlappingAtExactlyTheThresholdIsKept() {
    float[][] proposals = {{0, 0, 10, 10}, {0, 0, 10, 5}};
    double[][] probabilities = {{0.1, 0.9, 0}, {0.2, 0.8, 0}};
    Result result = detect(DetectionGraph.REFERENCE, proposals, probabilities, new float[2][4 * CLASSES]);
    assertThat(result.count).isEqualTo(2);
  }

  /** TensorFlow keeps a score only above the threshold: a probability of exactly 0.5 at threshold 0.5 is dropped. */
  @Test
  void aScoreEqualToTheThresholdIsDropped() {
    float[][] proposals = {{0, 0, 10, 10}, {20, 20, 30, 30}};
    double[][] probabilities = {{0.5, 0.5, 0}, {0.25, 0.75, 0}};
    Result result = detect(new DetectionGraph(0.5, 0.5, 100), proposals, probabilities, new float[2][4 * CLASSES]);
    assertThat(result.scores[0]).isCloseTo(0.75f, within(1e-6f));
    assertThat(result.count).isEqualTo(1);
  }

  private record Result(float[] boxes, float[] scores, int[] classes, int count) {}

  /** Logits are the logarithms of the probabilities (0 becomes a very low logit). */
  private static Result detect(DetectionGraph settings, float[][] proposals, double[][] probabilities, float[][] deltas) {
    float[][] logits = new float[probabilities.length][CLASSES];
    for (int p = 0; p < probabilities.length; p++) {
      for (int c = 0; c < CLASSES; c++) {
        logits[p][c] = (float) Math.log(Math.max(probabilities[p][c], 1e-12));
      }
    }
    try (Graph g = new Graph(); Session session = new Session(g)) {
      Ops tf = Ops.create(g);
      DetectionGraph.Detections detections =
          settings.build(tf, tf.constant(proposals), tf.constant(logits), tf.constant(deltas), IMAGE, IMAGE);
      try (var run = session.runner().fetch(detections.boxes()).fetch(detections.scores()).fetch(detections.classes())
          .fetch(detections.count()).run()) {
        return new Result(HostArrays.floats((TFloat32) run.get(0)), HostArrays.floats((TFloat32) run.get(1)),
            HostArrays.ints((TInt32) run.get(2)), ((TInt32) run.get(3)).getInt());
      }
    }
  }

  private static void assertBox(float[] boxes, int row, Box expected) {
    double[] want = {expected.ymin(), expected.xmin(), expected.ymax(), expected.xmax()};
    for (int k = 0; k < 4; k++) {
      assertThat((double) boxes[4 * row + k]).as("detection %d coordinate %d", row, k).isCloseTo(want[k], within(1e-4));
    }
  }
}
