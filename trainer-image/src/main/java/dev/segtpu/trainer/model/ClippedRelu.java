package dev.segtpu.trainer.model;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * ReLU and ReLU6 built as ClipByValue(x, 0, max), for memory.
 *
 * <p>TensorFlow's Relu and Relu6 gradients read the op's float input, so every batch-norm output under
 * an activation stayed alive from the forward to the backward pass, next to the activation's output
 * that the following convolution keeps anyway. ClipByValue's gradient (TensorFlow's own) needs only
 * two comparisons of the input with the bounds; the executor runs them as soon as the input exists,
 * so what waits for the backward pass is a one-byte-per-element mask and the batch-norm output is
 * freed. Forward values and gradients are the same as Relu's and Relu6's (ClippedReluTest).
 */
final class ClippedRelu {

  private ClippedRelu() {}

  static Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x, float max) {
    return tf.clipByValue(x, tf.constant(0f), tf.constant(max));
  }
}
