package dev.segtpu.trainer.train;

import dev.segtpu.trainer.model.Parameter;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.train.ApplyMomentum;
import org.tensorflow.types.TFloat32;

/**
 * Momentum SGD with L2 weight decay on convolution kernels: g' = g + weightDecay · w, then
 * accumulator = momentum · accumulator + g', w -= lr · accumulator (TensorFlow's ApplyMomentum).
 */
public record MomentumSgd(double momentum, double weightDecay) {

  /**
   * The update op of one parameter; its accumulator slot is a variable saved with checkpoints. The
   * slot starts from Fill rather than Ops.zeros, whose sub-scope scans the whole graph (seconds for
   * ResNet-50's hundreds of slots).
   */
  public Op update(Ops tf, Parameter parameter, Operand<TFloat32> gradient, Operand<TFloat32> learningRate) {
    Operand<TFloat32> decayed = parameter.role().decayed() && weightDecay > 0
        ? tf.math.add(gradient, tf.math.mul(parameter.variable(), tf.constant((float) weightDecay)))
        : gradient;
    Ops init = tf.withInitScope();
    var accumulator = tf.withName(parameter.variable().op().name() + ".Momentum")
        .variable(init.fill(init.constant(parameter.shape()), init.constant(0f)));
    return tf.train.applyMomentum(parameter.variable(), accumulator, learningRate, decayed,
        tf.constant((float) momentum), ApplyMomentum.useLocking(false));
  }
}
