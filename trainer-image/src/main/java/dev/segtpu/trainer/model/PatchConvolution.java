package dev.segtpu.trainer.model;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.StridedSlice;
import org.tensorflow.types.TFloat32;

/**
 * A k×k convolution (SAME padding, any stride and atrous rate) as one matrix product: the k² shifted
 * views of the padded input side by side along the channels ("im2col"), times the kernel read as a
 * (k·k·in)×out matrix.
 *
 * <p>Why: with TensorFlow's oneDNN kernels on this CPU, Conv2D and its two gradients reach 100–160
 * GFLOP/s on the small maps of ResNet's later stages (16×16, and the 10×10 phases of its rate-2
 * SpaceToBatch convolutions), where MatMul reaches 330–390 (StepProfile). The price is the patch
 * matrix, k² times the input, kept for the weight gradient, so layers use it only up to
 * {@link #DEFAULT_MAX_BYTES}. Stride-1 taps are Slice ops, whose gradient is one Pad each; strided
 * taps need StridedSlice, whose gradient is several times slower.
 */
final class PatchConvolution {

  /**
   * Largest patch matrix a layer builds. ResNet-50 256² b4 (TrainingBenchmark): 64 MiB takes every
   * 3×3 layer but the two 128×128 stem layers (151 MiB each), step 1.57 → 1.45 s, peak RSS +370 MiB;
   * all layers: 1.49 s, +760 MiB, because the stem's Slice gradients cost what the products save.
   */
  static final long DEFAULT_MAX_BYTES = 64L << 20;

  private PatchConvolution() {}

  /** Whether the patch matrix of a k×k convolution of {@code input} is known and at most {@code maxBytes}. */
  static boolean fits(Shape input, int kernel, int stride, long maxBytes) {
    if (input.hasUnknownDimension()) {
      return false;
    }
    long pixels = input.size(0) * outputSize(input.size(1), stride) * outputSize(input.size(2), stride);
    return pixels * kernel * kernel * input.size(3) * Float.BYTES <= maxBytes;
  }

  static Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x, Operand<TFloat32> kernel, int k, int stride, int rate) {
    int height = (int) x.shape().size(1);
    int width = (int) x.shape().size(2);
    int in = (int) x.shape().size(3);
    int out = (int) kernel.shape().size(3);
    int outHeight = (int) outputSize(height, stride);
    int outWidth = (int) outputSize(width, stride);
    int span = (k - 1) * rate + 1;
    // TensorFlow's SAME padding: what the last window needs, the odd one at the end.
    int padHeight = Math.max((outHeight - 1) * stride + span - height, 0);
    int padWidth = Math.max((outWidth - 1) * stride + span - width, 0);
    Operand<TFloat32> padded = tf.pad(x, tf.constant(new int[][] {
        {0, 0}, {padHeight / 2, padHeight - padHeight / 2}, {padWidth / 2, padWidth - padWidth / 2}, {0, 0}}), tf.constant(0f));
    List<Operand<TFloat32>> taps = new ArrayList<>(k * k);
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        taps.add(tap(tf, padded, i * rate, j * rate, outHeight, outWidth, stride));
      }
    }
    Operand<TFloat32> patches = tf.reshape(tf.concat(taps, tf.constant(3)), tf.constant(new int[] {-1, k * k * in}));
    Operand<TFloat32> product = tf.linalg.matMul(patches, tf.reshape(kernel, tf.constant(new int[] {k * k * in, out})));
    return tf.reshape(product, tf.constant(new int[] {-1, outHeight, outWidth, out}));
  }

  /** The input pixels one kernel tap reads for every output pixel, in output order. */
  private static Operand<TFloat32> tap(Ops tf, Operand<TFloat32> padded, int top, int left, int outHeight, int outWidth,
                                       int stride) {
    if (stride == 1) {
      return tf.slice(padded, tf.constant(new int[] {0, top, left, 0}), tf.constant(new int[] {-1, outHeight, outWidth, -1}));
    }
    long everyBatchAndChannel = 0b1001L;
    return tf.stridedSlice(padded, tf.constant(new int[] {0, top, left, 0}),
        tf.constant(new int[] {0, top + (outHeight - 1) * stride + 1, left + (outWidth - 1) * stride + 1, 0}),
        tf.constant(new int[] {1, stride, stride, 1}),
        StridedSlice.beginMask(everyBatchAndChannel), StridedSlice.endMask(everyBatchAndChannel));
  }

  private static long outputSize(long size, int stride) {
    return (size + stride - 1) / stride;
  }
}
