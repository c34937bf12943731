package dev.segtpu.trainer.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The moving-average assign ops of a training tower's batch norms. They are explicit ops, collected
 * here rather than hidden in the batch norm, because the training step must run them, after the
 * gradients, and only once per step (a recomputed segment records none).
 */
final class BatchNormUpdates {

  private final List<Op> ops = new ArrayList<>();

  /** Adds average -= (1 - decay) * (average - value), the update slim's batch norm runs. */
  void add(Ops tf, Operand<TFloat32> average, Operand<TFloat32> value, float decay) {
    Operand<TFloat32> delta = tf.math.mul(tf.math.sub(average, tf.stopGradient(value)), tf.constant(1f - decay));
    ops.add(tf.assignSub(average, delta));
  }

  List<Op> ops() {
    return Collections.unmodifiableList(ops);
  }
}
