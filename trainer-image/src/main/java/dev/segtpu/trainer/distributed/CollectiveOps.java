package dev.segtpu.trainer.distributed;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TNumber;

/**
 * TensorFlow's collective all-reduce ({@code CollectiveReduceV2}) in a graph. TensorFlow Java 1.1.0 wraps
 * only the V3 op, which needs a communicator; V2 is the op TensorFlow's multi-worker strategy uses on CPU
 * and is registered in the native library, so it is built by name. Each collective of a graph needs its
 * own instance key; all share the group.
 */
public final class CollectiveOps {

  static final int GROUP_KEY = 1;

  private CollectiveOps() {}

  /**
   * Element-wise {@code merge} (Add, Max, Min, Mul) of {@code input} over the group's workers; every
   * worker gets the same result.
   */
  public static <T extends TNumber> Operand<T> allReduce(Ops tf, Graph graph, Operand<T> input, PeerGroup group,
                                                         int instanceKey, String merge, String name) {
    Output<T> result = graph.opBuilder("CollectiveReduceV2", name, tf.scope())
        .addInput(input.asOutput())
        .addInput(tf.constant(group.size()).asOutput())
        .addInput(tf.constant(GROUP_KEY).asOutput())
        .addInput(tf.constant(instanceKey).asOutput())
        .addInputList(new Output<?>[0])
        .setAttr("merge_op", merge)
        .setAttr("final_op", "Id")
        .setAttr("communication_hint", "ring")
        .setAttr("timeout_seconds", (float) group.timeout().toSeconds())
        .build()
        .output(0);
    return result;
  }
}
