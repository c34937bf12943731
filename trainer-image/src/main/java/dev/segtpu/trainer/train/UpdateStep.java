package dev.segtpu.trainer.train;

import dev.segtpu.trainer.model.Parameter;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * The op that applies one batch's gradients, the same for every model: the replicas' exchange, then momentum
 * updates of the trainable variables, the batch norms' moving averages and the global step.
 *
 * <p>Every variable update waits for every gradient: with reference variables an update could otherwise land
 * before a backward op has read the old weight, and steps would not be reproducible. The updates wait on one NoOp
 * that waits on the gradients: giving each update op a control input per gradient took seconds to build for
 * ResNet-50 (hundreds × hundreds of control edges).
 *
 * @param trainStep run it to take the step
 * @param globalStep the steps taken, saved with the variables
 */
public record UpdateStep(Op trainStep, Variable<TInt64> globalStep) {

  /**
   * @param gradients this replica's gradients, in the order of {@code trainable}
   * @param batchNormUpdates the training tower's moving-average updates
   */
  public static UpdateStep build(Ops tf, Graph graph, List<Parameter> trainable, List<Operand<TFloat32>> gradients,
                                 List<Op> batchNormUpdates, MomentumSgd optimizer, Operand<TFloat32> learningRate,
                                 Replicas replicas) {
    List<Operand<TFloat32>> applied = replicas.exchange(tf, graph, gradients);
    Op gradientsDone = tf.withControlDependencies(new ArrayList<Op>(applied)).withName("gradients_done").noOp();
    Ops afterGradients = tf.withControlDependencies(List.of(gradientsDone));
    List<Op> updates = new ArrayList<>(batchNormUpdates);
    for (int i = 0; i < trainable.size(); i++) {
      updates.add(optimizer.update(afterGradients, trainable.get(i), applied.get(i), learningRate));
    }
    Variable<TInt64> globalStep = tf.withName("global_step").variable(tf.withInitScope().constant(0L));
    updates.add(afterGradients.assignAdd(globalStep, tf.constant(1L)));
    return new UpdateStep(tf.withControlDependencies(updates).withName("train_step").noOp(), globalStep);
  }
}
