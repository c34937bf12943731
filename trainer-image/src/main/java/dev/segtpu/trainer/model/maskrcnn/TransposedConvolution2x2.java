package dev.segtpu.trainer.model.maskrcnn;

import dev.segtpu.trainer.model.Layers;
import dev.segtpu.trainer.model.ParameterRole;
import dev.segtpu.trainer.model.ParameterStore;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A transposed convolution with a 2×2 kernel and stride 2 (VALID), with a bias per output channel: the mask head's
 * 2× upsampling ({@code conv5-mask}, {@code tf.layers.conv2d_transpose(..., (2, 2), strides=(2, 2))} in the
 * reference's {@code heads.py}).
 *
 * <p>Why not Conv2DBackpropInput: no gradient for it is among those checked in TensorFlow Java 1.1.0 (the project's
 * reference note lists Conv2D's but not this op's). With kernel = stride = 2 the output windows do not overlap:
 * output pixel (2i + a, 2j + b, o) = Σ_c x(i, j, c)·W(a, b, o, c) + bias(o), one input pixel each. That is exactly a
 * 1×1 convolution to 4·out channels, channel (2a + b)·out + o, followed by moving each pixel's four channel groups
 * to its 2×2 output block (a reshape to [R, H, W, 2, 2, out], a transpose to [R, H, 2, W, 2, out] and a reshape,
 * DepthToSpace's order), then the bias. MatMul, Reshape and Transpose all have gradients. The 1×1 kernel
 * [1, 1, in, 4·out] holds the reference's [2, 2, out, in] kernel with W(a, b, o, c) at [0, 0, c, (2a + b)·out + o];
 * it is He-initialised with fan-in {@code in}, the inputs each output sums.
 */
final class TransposedConvolution2x2 {

  private TransposedConvolution2x2() {}

  /**
   * x: [R, H, W, in] → [R, 2H, 2W, out]. The kernel comes from {@code layers} ({@code <name>/weights}); the bias,
   * which {@link Layers} has no per-group form of, from {@code parameters} as {@code <biasScope>/<name>/biases}.
   */
  static Operand<TFloat32> build(Layers layers, ParameterStore parameters, String biasScope, String name,
                                 Operand<TFloat32> x, int out) {
    Ops tf = layers.tf();
    Operand<TFloat32> groups = layers.conv(name, x, 1, 4 * out, 1, 1);
    Operand<TFloat32> bias =
        parameters.constant(biasScope + "/" + name + "/biases", Shape.of(out), ParameterRole.BIAS, 0f).variable();
    return tf.nn.biasAdd(depthToSpace(tf, groups, out), bias);
  }

  /** [R, H, W, 4·out] with channel (2a + b)·out + o → [R, 2H, 2W, out] with that channel at (2i + a, 2j + b, o). */
  static Operand<TFloat32> depthToSpace(Ops tf, Operand<TFloat32> groups, int out) {
    int h = (int) Layers.height(groups);
    int w = (int) Layers.width(groups);
    Operand<TFloat32> split = tf.reshape(groups, tf.constant(new int[] {-1, h, w, 2, 2, out}));
    Operand<TFloat32> blocks = tf.linalg.transpose(split, tf.constant(new int[] {0, 1, 3, 2, 4, 5}));
    return tf.reshape(blocks, tf.constant(new int[] {-1, 2 * h, 2 * w, out}));
  }
}
