package dev.segtpu.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** The clipped activations compute exactly what TensorFlow's Relu and Relu6 compute, gradients included. */
class ClippedReluTest {

  @ParameterizedTest(name = "max {0}")
  @ValueSource(floats = {6f, Float.MAX_VALUE})
  void forwardAndGradientEqualTensorFlowsReluOps(float max) {
    try (Graph g = new Graph(); Session session = new Session(g)) {
      Ops tf = Ops.create(g);
      // values in about [-8, 8]: below zero, between zero and six, above six
      Operand<TFloat32> x = tf.math.mul(tf.constant(AtrousConvolutionTest.randomTensor(Shape.of(2, 5, 5, 3), 7)), tf.constant(4f));
      Function<Operand<TFloat32>, Operand<TFloat32>> reference = max == 6f ? tf.nn::relu6 : tf.nn::relu;
      Operand<TFloat32> weights = tf.constant(AtrousConvolutionTest.randomTensor(Shape.of(2, 5, 5, 3), 8));
      Operand<TFloat32> clipped = ClippedRelu.apply(tf, x, max);
      Operand<TFloat32> expected = reference.apply(x);
      Operand<?> clippedGradient = gradient(tf, clipped, weights, x);
      Operand<?> expectedGradient = gradient(tf, expected, weights, x);
      try (var r = session.runner().fetch(clipped).fetch(expected).fetch(clippedGradient).fetch(expectedGradient).run()) {
        float[] gradient = plusZero(HostArrays.floats((TFloat32) r.get(2)));
        assertThat(HostArrays.floats((TFloat32) r.get(0))).containsExactly(HostArrays.floats((TFloat32) r.get(1)));
        assertThat(gradient).containsExactly(plusZero(HostArrays.floats((TFloat32) r.get(3))));
        assertThat(gradient).contains(0f);
      }
    }
  }

  /** -0 + 0 is +0: the two gradients may differ in the sign of zero only. */
  private static float[] plusZero(float[] values) {
    for (int i = 0; i < values.length; i++) {
      values[i] += 0f;
    }
    return values;
  }

  /** d sum(y * weights) / dx: the upstream gradient is the weights, so masking errors show. */
  private static Operand<?> gradient(Ops tf, Operand<TFloat32> y, Operand<TFloat32> weights, Operand<TFloat32> x) {
    return tf.gradients(tf.sum(tf.math.mul(y, weights), tf.constant(new int[] {0, 1, 2, 3})), List.of(x)).dy(0);
  }
}
