package dev.segtpu.trainer.model.maskrcnn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.segtpu.trainer.model.HostArrays;
import dev.segtpu.trainer.model.maskrcnn.targets.AnchorLevel;
import dev.segtpu.trainer.model.maskrcnn.targets.Anchors;
import dev.segtpu.trainer.model.maskrcnn.targets.Box;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

class GraphProposalsTest {

  private static final Anchors ANCHORS = Anchors.forImage(128, 128);

  @Test
  void graphProposalsKeepTheSameBoxesAsTheJavaGenerator() {
    assertSameAsHost(GraphProposals.TEST, new Random(21));
  }

  @Test
  void withSmallCapsAndALargerMinimumSizeGraphProposalsStillMatchTheJavaGenerator() {
    assertSameAsHost(new GraphProposals(40, 25, 0.5, 12), new Random(22));
  }

  @Test
  void theTestSettingsAreTheReferencesInferenceSettings() {
    assertThat(GraphProposals.TEST.onHost()).isEqualTo(new ProposalGenerator(1000, 1000, 0.7, 1.0));
  }

  /**
   * The one documented difference from {@link NonMaxSuppression}: NonMaxSuppressionV5 suppresses only above the
   * threshold, so boxes of IoU exactly 0.5 (area 50 of a union of 100) both survive at 0.5, where the Java NMS
   * keeps one.
   */
  @Test
  void tensorFlowsNmsKeepsABoxWhoseIouEqualsTheThreshold() {
    List<Box> boxes = List.of(new Box(0, 0, 10, 10), new Box(0, 0, 10, 5));
    assertThat(new NonMaxSuppression(0.5, 10).select(boxes, new double[] {0.9, 0.8})).containsExactly(0);
    try (Graph g = new Graph(); Session session = new Session(g)) {
      Ops tf = Ops.create(g);
      var nms = tf.image.nonMaxSuppression(tf.constant(new float[][] {{0, 0, 10, 10}, {0, 0, 10, 5}}),
          tf.constant(new float[] {0.9f, 0.8f}), tf.constant(10), tf.constant(0.5f), tf.constant(-Float.MAX_VALUE),
          tf.constant(0f));
      try (TInt32 selected = (TInt32) session.runner().fetch(nms.selectedIndices()).run().get(0)) {
        assertThat(HostArrays.ints(selected)).containsExactly(0, 1);
      }
    }
  }

  /**
   * Random logits, and deltas that move and resize the anchors (a tenth of them shrunk under a pixel, so the
   * small-box filter has work); the graph must return the Java generator's boxes in its order.
   */
  private static void assertSameAsHost(GraphProposals settings, Random random) {
    List<float[]> logits = new ArrayList<>();
    List<float[]> deltas = new ArrayList<>();
    for (AnchorLevel level : ANCHORS.levels()) {
      float[] levelLogits = new float[level.count()];
      float[] levelDeltas = new float[4 * level.count()];
      for (int a = 0; a < level.count(); a++) {
        levelLogits[a] = (float) (2 * random.nextGaussian());
        for (int k = 0; k < 4; k++) {
          levelDeltas[4 * a + k] = (float) (0.3 * random.nextGaussian());
        }
        if (random.nextInt(10) == 0) {
          levelDeltas[4 * a + 2 + random.nextInt(2)] = -8;
        }
      }
      logits.add(levelLogits);
      deltas.add(levelDeltas);
    }
    List<Proposal> expected = settings.onHost().propose(ANCHORS, logits, deltas);

    try (Graph g = new Graph(); Session session = new Session(g)) {
      Ops tf = Ops.create(g);
      NavigableMap<Integer, Operand<TFloat32>> scores = new TreeMap<>();
      NavigableMap<Integer, Operand<TFloat32>> boxes = new TreeMap<>();
      for (int i = 0; i < ANCHORS.levels().size(); i++) {
        AnchorLevel level = ANCHORS.levels().get(i);
        int anchors = level.anchorsPerLocation();
        scores.put(level.level(), constant(tf, Shape.of(1, level.gridHeight(), level.gridWidth(), anchors), logits.get(i)));
        boxes.put(level.level(), constant(tf, Shape.of(1, level.gridHeight(), level.gridWidth(), 4 * anchors), deltas.get(i)));
      }
      GraphProposals.Proposals proposals = settings.propose(tf, new RpnHead.Outputs(scores, boxes), ANCHORS);
      try (var result = session.runner().fetch(proposals.boxes()).fetch(proposals.scores()).run()) {
        TFloat32 actualBoxes = (TFloat32) result.get(0);
        float[] actualScores = HostArrays.floats((TFloat32) result.get(1));
        assertThat(actualBoxes.shape()).isEqualTo(Shape.of(expected.size(), 4));
        assertThat(expected).hasSizeGreaterThan(10);
        for (int p = 0; p < expected.size(); p++) {
          Box box = expected.get(p).box();
          double[] want = {box.ymin(), box.xmin(), box.ymax(), box.xmax()};
          for (int k = 0; k < 4; k++) {
            assertThat((double) actualBoxes.getFloat(p, k)).as("proposal %d coordinate %d", p, k).isCloseTo(want[k], within(1e-3));
          }
          assertThat((double) actualScores[p]).as("score of proposal %d", p).isCloseTo(expected.get(p).score(), within(1e-6));
        }
      }
    }
  }

  private static Operand<TFloat32> constant(Ops tf, Shape shape, float[] values) {
    try (TFloat32 tensor = HostArrays.tensor(shape, values)) {
      return tf.constant(tensor);
    }
  }
}
