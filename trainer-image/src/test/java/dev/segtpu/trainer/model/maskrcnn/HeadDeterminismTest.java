package dev.segtpu.trainer.model.maskrcnn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segtpu.trainer.model.HostArrays;
import dev.segtpu.trainer.model.Layers;
import dev.segtpu.trainer.model.Mode;
import dev.segtpu.trainer.model.Parameter;
import dev.segtpu.trainer.model.ParameterStore;
import dev.segtpu.trainer.train.SessionSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Exact resume needs steps that repeat bit for bit. These build a piece of the network twice in fresh graphs and
 * sessions (the trainer's settings) and compare every gradient bit for bit.
 */
class HeadDeterminismTest {

  private static final int ROIS = 8;
  private static final int CHANNELS = 16;

  @Test
  void aThreeByThreeConvolutionsGradientsAreTheSameOnEveryRun() {
    assertRepeatable((layers, parameters, x) -> {
      Operand<TFloat32> y = layers.in("h").conv("c", x, 3, CHANNELS, 1, 1);
      return layers.tf().sum(layers.tf().math.square(y), layers.tf().constant(new int[] {0, 1, 2, 3}));
    });
  }

  @Test
  void theMaskHeadWithItsLossHasTheSameGradientsOnEveryRun() {
    assertRepeatable((layers, parameters, x) -> {
      Ops tf = layers.tf();
      Operand<TFloat32> logits = new MaskHead(4, CHANNELS).build(layers, parameters, x);
      Random random = new Random(5);
      float[] targets = new float[ROIS * 28 * 28];
      for (int k = 0; k < targets.length; k++) {
        targets[k] = random.nextBoolean() ? 1f : 0f;
      }
      Operand<TInt32> classes = tf.constant(new int[] {1, 2, 3, 1, 0, 0, 2, 3});
      return HeadLosses.maskLoss(tf, logits, tf.constant(HostArrays.tensor(Shape.of(ROIS, 28, 28), targets)), classes, 4);
    });
  }

  /** A piece of network and its loss on an input. */
  private interface Piece {
    Operand<TFloat32> loss(Layers layers, ParameterStore parameters, Operand<TFloat32> x);
  }

  private static void assertRepeatable(Piece loss) {
    List<float[]> first = gradients(loss);
    for (int run = 1; run < 3; run++) {
      List<float[]> again = gradients(loss);
      for (int i = 0; i < first.size(); i++) {
        assertThat(again.get(i)).as("run %d, gradient %d", run, i).containsExactly(first.get(i));
      }
    }
  }

  /** The gradients of the loss with respect to the input and every parameter. */
  private static List<float[]> gradients(Piece build) {
    try (Graph g = new Graph(); Session session = SessionSettings.open(g)) {
      Ops tf = Ops.create(g);
      ParameterStore parameters = new ParameterStore(tf, 7);
      Layers layers = new Layers(tf, parameters, Mode.TRAINING, 0.9f);
      Random random = new Random(3);
      float[] values = new float[ROIS * 14 * 14 * CHANNELS];
      for (int k = 0; k < values.length; k++) {
        values[k] = random.nextFloat();
      }
      Operand<TFloat32> input = tf.constant(HostArrays.tensor(Shape.of(ROIS, 14, 14, CHANNELS), values));
      Operand<TFloat32> loss = build.loss(layers, parameters, tf.identity(input));
      List<Operand<?>> xs = new ArrayList<>();
      xs.add(input);
      for (Parameter p : parameters.trainable()) {
        xs.add(p.variable());
      }
      List<Operand<?>> grads = new ArrayList<>(tf.gradients(loss, xs).dy());
      session.forceInitialize();
      Session.Runner runner = session.runner();
      grads.forEach(runner::fetch);
      List<float[]> out = new ArrayList<>();
      try (var result = runner.run()) {
        for (int i = 0; i < grads.size(); i++) {
          out.add(HostArrays.floats((TFloat32) result.get(i)));
        }
      }
      return out;
    }
  }
}
