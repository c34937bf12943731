package dev.segtpu.trainer.model;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A k×k convolution (SAME padding, any stride and atrous rate) as one matrix product: the k² shifted
 * views of the padded input side by side along the channels ("im2col"), times the kernel read as a
 * (k·k·in)×out matrix.
 *
 * <p>Why: with TensorFlow's oneDNN kernels on this CPU, Conv2D and its two gradients reach less than
 * half MatMul's GFLOP/s on the small maps of ResNet's later stages (16×16, and the 10×10 phases of
 * its rate-2 SpaceToBatch convolutions; {@code StepProfile} shows both). The price is the patch
 * matrix, k² times the input, kept for the weight gradient, so layers use it only up to
 * {@link #DEFAULT_MAX_BYTES}. Every tap is a Slice, whose gradient is one Pad.
 *
 * <p>1×1 convolutions always take this form (their patch matrix is the input, sampled at the stride):
 * with oneDNN on, Conv2D's input gradient is wrong for some input-channel counts (80, 112 and 320 on
 * small maps, LayerGradientCheckTest); MatMul's is right.
 */
final class PatchConvolution {

  /**
   * Largest patch matrix a layer builds. At ResNet-50 256² b4, 32 MiB takes the 3×3 layers of stages
   * 2–4 (9–18 MiB each), which makes steps about a tenth faster for a few hundred MiB of peak memory;
   * a larger limit adds stage 1 (38 MiB each) for more memory and no further gain, and taking all
   * layers (the two 128×128 stem layers are 151 MiB each) is slower again, their Slice gradients
   * costing what the products save.
   */
  static final long DEFAULT_MAX_BYTES = 32L << 20;

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
    if (k == 1 && stride == 1) {
      Operand<TFloat32> product = tf.linalg.matMul(tf.reshape(x, tf.constant(new int[] {-1, in})),
          tf.reshape(kernel, tf.constant(new int[] {in, out})));
      return tf.reshape(product, tf.constant(new int[] {-1, height, width, out}));
    }
    int outHeight = (int) outputSize(height, stride);
    int outWidth = (int) outputSize(width, stride);
    // TensorFlow's SAME padding (the odd row at the end), then rows and columns up to what the taps
    // span rounded to a multiple of the stride, so that the input can be viewed as
    // [batch, rows/stride, stride, columns/stride, stride, channels]: a strided tap is then a Slice of
    // one phase, whose gradient is a Pad (StridedSlice's gradient is several times slower).
    int span = (k - 1) * rate + 1;
    int top = Math.max((outHeight - 1) * stride + span - height, 0) / 2;
    int left = Math.max((outWidth - 1) * stride + span - width, 0) / 2;
    int rows = tapsSpan(k, rate, outHeight, stride);
    int columns = tapsSpan(k, rate, outWidth, stride);
    Operand<TFloat32> padded = tf.pad(x, tf.constant(new int[][] {
        {0, 0}, {top, rows - height - top}, {left, columns - width - left}, {0, 0}}), tf.constant(0f));
    Operand<TFloat32> phases = stride == 1 ? padded : tf.reshape(padded,
        tf.constant(new int[] {-1, rows / stride, stride, columns / stride, stride, in}));
    List<Operand<TFloat32>> sources = FanOut.copies(tf, phases, k * k);
    List<Operand<TFloat32>> taps = new ArrayList<>(k * k);
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        taps.add(tap(tf, sources.get(i * k + j), i * rate, j * rate, outHeight, outWidth, stride, in));
      }
    }
    Operand<TFloat32> side = taps.size() == 1 ? taps.get(0) : tf.concat(taps, tf.constant(3));
    Operand<TFloat32> patches = tf.reshape(side, tf.constant(new int[] {-1, k * k * in}));
    Operand<TFloat32> product = tf.linalg.matMul(patches, tf.reshape(kernel, tf.constant(new int[] {k * k * in, out})));
    return tf.reshape(product, tf.constant(new int[] {-1, outHeight, outWidth, out}));
  }

  /**
   * Rows (or columns) of padded input from the first tap's first read to past the last tap's last,
   * rounded up to a multiple of the stride; at least the input plus SAME padding, since outSize·stride
   * covers the input and the last tap reaches past the padding's end by less than one stride.
   */
  private static int tapsSpan(int k, int rate, int outSize, int stride) {
    int lastTap = (k - 1) * rate;
    return stride * (lastTap / stride + outSize);
  }

  /** The input pixels one kernel tap reads for every output pixel, in output order. */
  private static Operand<TFloat32> tap(Ops tf, Operand<TFloat32> phases, int top, int left, int outHeight, int outWidth,
                                       int stride, int channels) {
    if (stride == 1) {
      return tf.slice(phases, tf.constant(new int[] {0, top, left, 0}), tf.constant(new int[] {-1, outHeight, outWidth, -1}));
    }
    Operand<TFloat32> phase = tf.slice(phases,
        tf.constant(new int[] {0, top / stride, top % stride, left / stride, left % stride, 0}),
        tf.constant(new int[] {-1, outHeight, 1, outWidth, 1, -1}));
    return tf.reshape(phase, tf.constant(new int[] {-1, outHeight, outWidth, channels}));
  }

  private static long outputSize(long size, int stride) {
    return (size + stride - 1) / stride;
  }
}
