package dev.segtpu.trainer.bench;

import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * This CPU's practical fp32 peak, measured in-process: the better of a 2048² MatMul and a 1×1
 * convolution computing the same GEMM (2048 pixels × 2048 → 2048 channels), best of several runs.
 */
final class Roofline {

  private static final int N = 2048;
  private static final double FLOPS = 2.0 * N * N * N;

  private Roofline() {}

  /** @return GFLOP/s */
  static double measure() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> a = tf.random.statelessRandomNormal(tf.constant(Shape.of(N, N)), tf.constant(new long[] {1, 2}));
      Operand<TFloat32> b = tf.random.statelessRandomNormal(tf.constant(Shape.of(N, N)), tf.constant(new long[] {3, 4}));
      var aVar = tf.variable(a);
      var bVar = tf.variable(b);
      Operand<TFloat32> matmul = tf.sum(tf.linalg.matMul(aVar, bVar), tf.constant(new int[] {0, 1}));
      Operand<TFloat32> image = tf.reshape(aVar, tf.constant(new int[] {1, 32, 64, N}));
      Operand<TFloat32> filter = tf.reshape(bVar, tf.constant(new int[] {1, 1, N, N}));
      Operand<TFloat32> conv = tf.sum(tf.nn.conv2d(image, filter, List.of(1L, 1L, 1L, 1L), "VALID"), tf.constant(new int[] {0, 1, 2, 3}));
      return Math.max(best(s, matmul), best(s, conv));
    }
  }

  private static double best(Session s, Operand<TFloat32> op) {
    double bestSeconds = Double.MAX_VALUE;
    for (int i = 0; i < 6; i++) {
      long t = System.nanoTime();
      try (var r = s.runner().fetch(op).run()) {
        bestSeconds = Math.min(bestSeconds, (System.nanoTime() - t) / 1e9);
      }
    }
    return FLOPS / bestSeconds / 1e9;
  }
}
