package dev.segtpu.trainer.model.maskrcnn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.segtpu.trainer.model.Activations;
import dev.segtpu.trainer.model.CentralDifferences;
import dev.segtpu.trainer.model.Layers;
import dev.segtpu.trainer.model.Mode;
import dev.segtpu.trainer.model.ParameterStore;
import dev.segtpu.trainer.model.maskrcnn.targets.AnchorLevel;
import dev.segtpu.trainer.model.maskrcnn.targets.Anchors;
import dev.segtpu.trainer.model.maskrcnn.targets.Box;
import dev.segtpu.trainer.model.maskrcnn.targets.GroundTruth;
import dev.segtpu.trainer.model.maskrcnn.targets.LevelTargets;
import dev.segtpu.trainer.model.maskrcnn.targets.RpnTargets;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class RpnLossTest {

  /**
   * One location of three anchors labelled positive, negative and ignored, all logits 0: the two sampled
   * anchors cost log 2 each. Box targets (0.05, 0, 1, 0) on the first anchor only: the two non-zero elements
   * count, 0.5 × 0.05² (quadratic, under 1/9) and (1/9)(0.5 - 1/18) (linear); the output 5 against target 0 and
   * every element of the other anchors weigh nothing. Normalised by one image × 2 anchors.
   */
  @Test
  void aSingleLocationCostsTheCrossEntropyOfSampledAnchorsAndTheHuberLossOfNonZeroTargets() {
    AnchorLevel level = new AnchorLevel(2, 1, 1, 3, 0);
    LevelTargets targets = new LevelTargets(level, new int[] {1, 0, -1},
        new double[] {0.05, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0});
    try (Graph g = new Graph(); Session session = new Session(g)) {
      Ops tf = Ops.create(g);
      NavigableMap<Integer, Operand<TFloat32>> scores = new TreeMap<>();
      NavigableMap<Integer, Operand<TFloat32>> boxes = new TreeMap<>();
      scores.put(2, tf.constant(new float[][][][] {{{{0, 0, 7}}}}));
      boxes.put(2, tf.constant(new float[][][][] {{{{0, 5, 1.5f, 0, 3, 3, 3, 3, -2, -2, -2, -2}}}}));
      RpnLoss.Terms terms = new RpnLoss(2, 1.0 / 9).build(tf, new RpnHead.Outputs(scores, boxes), List.of(List.of(targets)));
      double delta = 1.0 / 9;
      double expectedBox = (0.5 * 0.05 * 0.05 + delta * (0.5 - delta / 2)) / 2;
      assertThat(value(session, terms.score())).isCloseTo(Math.log(2), within(1e-6));
      assertThat(value(session, terms.box())).isCloseTo(expectedBox, within(1e-6));
      assertThat(value(session, RpnLoss.total(tf, terms))).isCloseTo(Math.log(2) + expectedBox, within(1e-6));
    }
  }

  @Test
  void theReferenceNormalisesBy256AnchorsPerImageWithHuberDeltaOneNinth() {
    assertThat(RpnLoss.REFERENCE).isEqualTo(new RpnLoss(256, 1.0 / 9));
  }

  /** Head (4 channels, ELU for smoothness) on random P2..P6 of two 64² images, with the reference's targets. */
  @Test
  void gradientsOfTheHeadThroughTheLossMatchCentralDifferences() {
    Anchors anchors = Anchors.forImage(64, 64);
    List<List<LevelTargets>> targets = List.of(
        RpnTargets.REFERENCE.label(anchors, List.of(object(anchors, 30), object(anchors, 800)), 1),
        RpnTargets.REFERENCE.label(anchors, List.of(object(anchors, 1000), new GroundTruth(new Box(5, 7, 40, 33), 1, false)), 2));
    try (Graph g = new Graph(); Session session = new Session(g)) {
      Ops tf = Ops.create(g);
      ParameterStore store = new ParameterStore(tf, 3);
      Layers layers = new Layers(tf, store, Mode.TRAINING, 0.99f, Activations.SMOOTH_FOR_GRADIENT_CHECKS);
      RpnHead.Outputs outputs = new RpnHead(4).build(layers, RpnFixtures.pyramid(tf, 2, 64, 4));
      Operand<TFloat32> loss = RpnLoss.total(tf, RpnLoss.REFERENCE.build(tf, outputs, targets));
      assertThat(CentralDifferences.mismatches(tf, session, store, loss)).isEmpty();
    }
  }

  private static GroundTruth object(Anchors anchors, int anchor) {
    Box box = anchors.boxes().get(anchor);
    return new GroundTruth(new Box(box.ymin() + 1, box.xmin() - 1, box.ymax() + 2, box.xmax()), 1, false);
  }

  private static double value(Session session, Operand<TFloat32> scalar) {
    try (TFloat32 result = (TFloat32) session.runner().fetch(scalar).run().get(0)) {
      return result.getFloat();
    }
  }
}
