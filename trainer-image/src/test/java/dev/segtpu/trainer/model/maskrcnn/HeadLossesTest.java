package dev.segtpu.trainer.model.maskrcnn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class HeadLossesTest {

  /** Row 1: uniform over 3 classes, −log(1/3). Row 2: softmax of (ln 2, 0, 0) is (½, ¼, ¼), target 1: −log(1/4). */
  @Test
  void theClassLossIsTheMeanSoftmaxCrossEntropyOverAllRois() {
    float loss = evaluate(tf -> HeadLosses.classLoss(tf,
        tf.constant(new float[][] {{0, 0, 0}, {(float) Math.log(2), 0, 0}}), tf.constant(new int[] {0, 1}), 3));
    assertThat(loss).isCloseTo((float) ((Math.log(3) + Math.log(4)) / 2), within(1e-6f));
  }

  /**
   * Two classes. RoI 0 (class 1): errors 0.5, 0, 3, −1 of its class-1 deltas give ⅛ + 0 + 2.5 + ½; its class-0
   * deltas are ignored. RoI 1 is background and adds nothing despite its errors; RoI 2 (class 1) is exact. The sum,
   * 3.125, is divided by 4 × 2 foreground RoIs.
   */
  @Test
  void theBoxLossIsTheHuberLossOfTheTargetClassDeltasPerForegroundCoordinate() {
    float loss = evaluate(tf -> HeadLosses.boxLoss(tf,
        tf.constant(new float[][] {{9, 9, 9, 9, 0.5f, 0, 3, -1}, {7, 7, 7, 7, 7, 7, 7, 7}, {9, 9, 9, 9, 1, 1, 1, 1}}),
        tf.constant(new float[][] {{0, 0, 0, 0}, {0, 0, 0, 0}, {1, 1, 1, 1}}), tf.constant(new int[] {1, 0, 1}), 2));
    assertThat(loss).isCloseTo(3.125f / 8, within(1e-6f));
  }

  /**
   * 2×2 masks, two classes. RoI 0 (class 1): logits 0, 0, 2, 2 of class 1 against targets 1, 0, 1, 0 cost log 2,
   * log 2, log(1 + e⁻²), 2 + log(1 + e⁻²); its class-0 logits are ignored, and RoI 1 (class 0, padding) adds
   * nothing. Mean over the 4 pixels of the one foreground RoI.
   */
  @Test
  void theMaskLossIsTheSigmoidCrossEntropyOfTheTargetClassMeanOverForegroundPixels() {
    float loss = evaluate(tf -> HeadLosses.maskLoss(tf,
        tf.constant(new float[][][][] {{{{5, 0}, {-5, 0}}, {{5, 2}, {-5, 2}}}, {{{3, 3}, {3, 3}}, {{3, 3}, {3, 3}}}}),
        tf.constant(new float[][][] {{{1, 0}, {1, 0}}, {{0, 0}, {0, 0}}}), tf.constant(new int[] {1, 0}), 2));
    double softplus = Math.log1p(Math.exp(-2));
    assertThat(loss).isCloseTo((float) ((2 * Math.log(2) + 2 * softplus + 2) / 4), within(1e-6f));
  }

  @Test
  void withoutForegroundRoisTheBoxAndMaskLossesAreZero() {
    float box = evaluate(tf -> HeadLosses.boxLoss(tf, tf.constant(new float[][] {{3, 3, 3, 3, 3, 3, 3, 3}}),
        tf.constant(new float[][] {{0, 0, 0, 0}}), tf.constant(new int[] {0}), 2));
    float mask = evaluate(tf -> HeadLosses.maskLoss(tf, tf.constant(new float[][][][] {{{{3, 3}}}}),
        tf.constant(new float[][][] {{{0}}}), tf.constant(new int[] {0}), 2));
    assertThat(box).isZero();
    assertThat(mask).isZero();
  }

  private static float evaluate(Function<Ops, Operand<TFloat32>> loss) {
    try (Graph g = new Graph(); Session session = new Session(g)) {
      Operand<TFloat32> value = loss.apply(Ops.create(g));
      try (var result = session.runner().fetch(value).run()) {
        return ((TFloat32) result.get(0)).getFloat();
      }
    }
  }
}
