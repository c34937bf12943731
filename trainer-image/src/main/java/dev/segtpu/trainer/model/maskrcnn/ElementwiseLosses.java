package dev.segtpu.trainer.model.maskrcnn;

import dev.segtpu.trainer.model.FanOut;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The two elementwise losses of Mask R-CNN, composed from ops whose gradients TensorFlow Java has (there is no
 * SigmoidCrossEntropyWithLogits op); a value used by several ops is handed out through {@link FanOut} so the
 * backward pass is bit-reproducible.
 */
final class ElementwiseLosses {

  private ElementwiseLosses() {}

  /** max(x, 0) − x·z + log1p(exp(−|x|)), the stable form of −z·log σ(x) − (1 − z)·log(1 − σ(x)). */
  static Operand<TFloat32> sigmoidCrossEntropy(Ops tf, Operand<TFloat32> logits, Operand<TFloat32> targets) {
    List<Operand<TFloat32>> x = FanOut.copies(tf, logits, 3);
    Operand<TFloat32> softplus = tf.math.log1p(tf.math.exp(tf.math.neg(tf.math.abs(x.get(0)))));
    return tf.math.add(tf.math.sub(tf.nn.relu(x.get(1)), tf.math.mul(x.get(2), targets)), softplus);
  }

  /** As {@code tf.losses.huber_loss}: with q = min(|e|, δ), ½q² + δ(|e| − q). */
  static Operand<TFloat32> huber(Ops tf, Operand<TFloat32> error, float delta) {
    Operand<TFloat32> d = tf.constant(delta);
    List<Operand<TFloat32>> absolute = FanOut.copies(tf, tf.math.abs(error), 2);
    List<Operand<TFloat32>> quadratic = FanOut.copies(tf, tf.math.minimum(absolute.get(0), d), 2);
    Operand<TFloat32> linear = tf.math.sub(absolute.get(1), quadratic.get(0));
    return tf.math.add(tf.math.mul(tf.constant(0.5f), tf.math.square(quadratic.get(1))), tf.math.mul(d, linear));
  }
}
