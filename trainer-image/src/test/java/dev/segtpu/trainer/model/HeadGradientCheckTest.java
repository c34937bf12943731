package dev.segtpu.trainer.model;

import dev.segtpu.trainer.model.maskrcnn.BoxHead;
import dev.segtpu.trainer.model.maskrcnn.HeadLosses;
import dev.segtpu.trainer.model.maskrcnn.MaskHead;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Finite differences against TensorFlow's gradients for Mask R-CNN's box and mask heads with their losses, through
 * {@link LayerGradientCheckTest}'s check (same directions, tolerance 3 % + 3e-7, smooth activations). That check puts
 * a per-pixel softmax cross-entropy on a [b, h, w, c] output, so the losses are laid out as its logits: the losses
 * and minus their sum as channels, scaled by a different factor in each of 2×2 pixels; a wrong gradient of any loss
 * changes the composed gradient.
 */
class HeadGradientCheckTest {

  private static final int CLASSES = 3;

  /** Crops 7×7 from a conv; RoI 0 background, RoI 1 of class 2 with errors in both Huber regimes. */
  @Test
  void theBoxHeadWithClassAndBoxLossesHasTheGradientsOfCentralDifferences() {
    check(7, (l, x) -> {
      Ops tf = l.tf();
      BoxHead.Outputs outputs = new BoxHead(CLASSES, 8).build(l, l.conv("b", x, 3, 4, 1, 1));
      Operand<org.tensorflow.types.TInt32> classes = tf.constant(new int[] {0, 2});
      return asLogits(tf, List.of(
          HeadLosses.classLoss(tf, outputs.classLogits(), classes, CLASSES),
          HeadLosses.boxLoss(tf, outputs.boxDeltas(), tf.constant(new float[][] {{0, 0, 0, 0}, {0.3f, -3, 2.5f, -0.2f}}),
              classes, CLASSES)));
    });
  }

  /** Crops 14×14 from a conv, four convs of 4 channels, the 2× transposed conv, 28×28 targets of random 0/1. */
  @Test
  void theMaskHeadWithItsLossHasTheGradientsOfCentralDifferences() {
    check(14, (l, x) -> {
      Ops tf = l.tf();
      ParameterStore parameters = new ParameterStore(tf, 4);
      Operand<TFloat32> logits = new MaskHead(CLASSES, 4).build(l, parameters, l.conv("b", x, 3, 4, 1, 1));
      Random random = new Random(7);
      float[] targets = new float[2 * 28 * 28];
      for (int k = 0; k < targets.length; k++) {
        targets[k] = random.nextInt(2);
      }
      return asLogits(tf, List.of(HeadLosses.maskLoss(tf, logits, tf.constant(HostArrays.tensor(Shape.of(2, 28, 28), targets)),
          tf.constant(new int[] {2, 1}), CLASSES)));
    });
  }

  private static void check(int size, LayerGradientCheckTest.Block block) {
    new LayerGradientCheckTest().gradientsOfEveryVariableMatchCentralDifferences("heads", size, block);
  }

  /** [1, 2, 2, n + 1]: the n losses and minus their sum, times 1, −2, 3 and ½ in the four pixels. */
  private static Operand<TFloat32> asLogits(Ops tf, List<Operand<TFloat32>> losses) {
    Operand<TFloat32> sum = losses.stream().reduce(tf.math::add).orElseThrow();
    List<Operand<TFloat32>> channels = new java.util.ArrayList<>(losses);
    channels.add(tf.math.neg(sum));
    Operand<TFloat32> vector = tf.reshape(tf.stack(channels), tf.constant(new int[] {1, 1, 1, channels.size()}));
    return tf.math.mul(vector, tf.constant(new float[][][][] {{{{1}, {-2}}, {{3}, {0.5f}}}}));
  }
}
