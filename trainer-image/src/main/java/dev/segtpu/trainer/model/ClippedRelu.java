package dev.segtpu.trainer.model;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.TensorFlow;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ClipByValue;
import org.tensorflow.types.TFloat32;

/**
 * ReLU and ReLU6 built as ClipByValue(x, 0, max), with a gradient that masks by the op's output.
 *
 * <p>Why: TensorFlow's Relu and Relu6 gradients read the op's input, so every batch-norm output under an
 * activation stayed alive from the forward to the backward pass, next to the activation's output that
 * the following convolution keeps anyway. The output decides the same mask (out &gt; 0 exactly when
 * x &gt; 0, out &lt; max exactly when x &lt; max), so the forward pass and the gradients are unchanged
 * and the batch-norm outputs are freed as soon as they are clipped. TensorFlow has no C++ gradient for
 * ClipByValue; the one here is registered once per process.
 */
final class ClippedRelu {

  private static boolean gradientRegistered;

  private ClippedRelu() {}

  static Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x, float max) {
    registerGradient();
    return tf.clipByValue(x, tf.constant(0f), tf.constant(max));
  }

  private static synchronized void registerGradient() {
    if (gradientRegistered) {
      return;
    }
    TensorFlow.registerCustomGradient(ClipByValue.Inputs.class, (tf, op, upstream) -> {
      @SuppressWarnings("unchecked")
      Operand<TFloat32> out = (Operand<TFloat32>) ((ClipByValue<?>) op.getOutputs()).output();
      @SuppressWarnings("unchecked")
      Operand<TFloat32> gradient = (Operand<TFloat32>) upstream.get(0);
      @SuppressWarnings("unchecked")
      Operand<TFloat32> min = (Operand<TFloat32>) op.clipValueMin;
      @SuppressWarnings("unchecked")
      Operand<TFloat32> max = (Operand<TFloat32>) op.clipValueMax;
      Operand<TFloat32> inside = tf.dtypes.cast(
          tf.math.logicalAnd(tf.math.greater(out, min), tf.math.less(out, max)), TFloat32.class);
      return List.of(tf.math.mul(gradient, inside), tf.zerosLike(min), tf.zerosLike(max));
    });
    gradientRegistered = true;
  }
}
