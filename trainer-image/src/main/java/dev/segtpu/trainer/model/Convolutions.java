package dev.segtpu.trainer.model;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The ops of k×k convolutions with SAME padding, stride and atrous rate, given their kernels.
 *
 * <p>Convolutions are matrix products of patches where those are small enough ({@link PatchConvolution},
 * which takes any stride and rate); the others are TensorFlow's Conv2D, and atrous ones are built as
 * SpaceToBatchND, a plain VALID convolution and BatchToSpaceND: TensorFlow's dilated Conv2D and
 * DepthwiseConv2dNative compute the right forward pass but wrong gradients in this build. Taps that
 * can only read padding are not built (an atrous rate past the map leaves the centre tap).
 */
final class Convolutions {

  private Convolutions() {}

  /**
   * Whether every tap but the centre one reads only SAME padding (zeros): the atrous rate reaches past
   * the map, as ASPP's rate 18 does on the 16×16 map of a 256² crop at output stride 16. The
   * convolution is then exactly a 1×1 one with the centre weights, and the others get the zero
   * gradient they would get anyway; SpaceToBatchND would have built 4×4 phases of a 54×54 padded map
   * (~95 MB for ResNet's 2048 channels).
   */
  static boolean onlyCentreTapReachesTheImage(Operand<TFloat32> x, int kernel, int stride, int rate) {
    return kernel > 1 && stride == 1 && Layers.height(x) > 0 && Layers.width(x) > 0
        && rate >= Layers.height(x) && rate >= Layers.width(x);
  }

  /** The centre tap of a k×k kernel variable, as a 1×1 kernel [1, 1, in, out]. */
  static Operand<TFloat32> centreTap(Ops tf, Operand<TFloat32> kernel, int size) {
    return tf.slice(kernel, tf.constant(new int[] {size / 2, size / 2, 0, 0}), tf.constant(new int[] {1, 1, -1, -1}));
  }

  /**
   * k×k convolution: a matrix product ({@link PatchConvolution}) for 1×1 and where the patch matrix is
   * at most {@code maxPatchBytes}, else TensorFlow's Conv2D. 1×1 is always a product because with
   * oneDNN, Conv2D's input gradient is wrong for some channel counts.
   */
  static Operand<TFloat32> conv(Ops tf, Operand<TFloat32> x, Operand<TFloat32> weights, int kernel, int stride, int rate,
                                long maxPatchBytes) {
    return kernel == 1 || PatchConvolution.fits(x.shape(), kernel, stride, maxPatchBytes)
        ? PatchConvolution.apply(tf, x, weights, kernel, stride, rate)
        : atrous(tf, x, kernel, rate, stride,
            input -> tf.nn.conv2d(input, weights, strides(rate == 1 ? stride : 1), rate == 1 ? "SAME" : "VALID"));
  }

  /** k×k depthwise convolution (channel multiplier 1) with kernel [k, k, in, 1]. */
  static Operand<TFloat32> depthwise(Ops tf, Operand<TFloat32> x, Operand<TFloat32> weights, int kernel, int stride, int rate) {
    return atrous(tf, x, kernel, rate, stride,
        input -> tf.nn.depthwiseConv2dNative(input, weights, strides(rate == 1 ? stride : 1), rate == 1 ? "SAME" : "VALID"));
  }

  /** A depthwise convolution of which only the centre tap reaches the image: a per-channel product. */
  static Operand<TFloat32> depthwiseCentreTap(Ops tf, Operand<TFloat32> x, Operand<TFloat32> weights, int kernel) {
    return tf.math.mul(x, tf.reshape(centreTap(tf, weights, kernel), tf.constant(new int[] {(int) Layers.channels(x)})));
  }

  private interface ValidConv {
    Operand<TFloat32> apply(Operand<TFloat32> input);
  }

  /**
   * Rate 1: the convolution itself. Rate r &gt; 1 (stride must be 1): pad for SAME with the effective
   * kernel k + (k-1)(r-1) plus the extra needed to make the size divisible by r, move r×r phases into
   * the batch, convolve VALID, move them back and crop the extra.
   */
  private static Operand<TFloat32> atrous(Ops tf, Operand<TFloat32> x, int kernel, int rate, int stride, ValidConv conv) {
    if (rate == 1) {
      return conv.apply(x);
    }
    if (stride != 1) {
      throw new IllegalArgumentException("atrous convolution needs stride 1, got stride " + stride + " at rate " + rate);
    }
    int padTotal = (kernel - 1) * rate;
    int padBegin = padTotal / 2;
    int padEnd = padTotal - padBegin;
    int extraH = extraForRate(Layers.height(x) + padTotal, rate);
    int extraW = extraForRate(Layers.width(x) + padTotal, rate);
    Operand<TInt32> block = tf.constant(new int[] {rate, rate});
    Operand<TFloat32> phases = tf.spaceToBatchNd(x, block,
        tf.constant(new int[][] {{padBegin, padEnd + extraH}, {padBegin, padEnd + extraW}}));
    Operand<TFloat32> convolved = conv.apply(phases);
    return tf.batchToSpaceNd(convolved, block, tf.constant(new int[][] {{0, extraH}, {0, extraW}}));
  }

  private static int extraForRate(long paddedSize, int rate) {
    return (int) ((rate - paddedSize % rate) % rate);
  }

  private static List<Long> strides(int stride) {
    return List.of(1L, (long) stride, (long) stride, 1L);
  }
}
