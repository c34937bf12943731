package dev.segtpu.trainer.model;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.types.TFloat32;

/** The ops of one batch normalisation, in training form (batch statistics) or inference form (moving averages). */
final class BatchNormalization {

  static final float EPSILON = 1e-5f;

  private BatchNormalization() {}

  /**
   * x·scale + shift with per-channel scale = γ/√(σ²+ε), shift = β − μ·scale: the same batch norm as
   * FusedBatchNormV3 with is_training=false, whose CPU kernel made inference several times slower
   * (TrainingBenchmark's inference column; InferenceBatchNormTest compares the two forms).
   */
  static Operand<TFloat32> inference(Ops tf, Operand<TFloat32> x, Operand<TFloat32> gamma, Operand<TFloat32> beta,
                                     Operand<TFloat32> movingMean, Operand<TFloat32> movingVariance) {
    Operand<TFloat32> scale = tf.math.mul(gamma, tf.math.rsqrt(tf.math.add(movingVariance, tf.constant(EPSILON))));
    return tf.math.add(tf.math.mul(x, scale), tf.math.sub(beta, tf.math.mul(movingMean, scale)));
  }

  /**
   * FusedBatchNorm on batch statistics; {@code noStatistics} is the empty mean and variance it takes
   * ({@link #noStatistics}). The result's batch mean and variance feed the moving averages.
   */
  static FusedBatchNorm<TFloat32, TFloat32> training(Ops tf, Operand<TFloat32> x, Operand<TFloat32> gamma,
                                                      Operand<TFloat32> beta, Operand<TFloat32> noStatistics) {
    return tf.nn.fusedBatchNorm(x, gamma, beta, noStatistics, noStatistics,
        FusedBatchNorm.isTraining(true), FusedBatchNorm.epsilon(EPSILON));
  }

  /**
   * The empty mean and variance a training-mode batch norm takes, made in the graph: an empty tensor
   * made from Java has no data pointer under TensorFlow's BFC allocator, which TensorFlow Java rejects.
   */
  static Operand<TFloat32> noStatistics(Ops tf) {
    return tf.fill(tf.constant(new int[] {0}), tf.constant(0f));
  }
}
