package dev.segtpu.trainer.model;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Copies of a tensor for several consumers, arranged so no tensor has more than two: TensorFlow sums the
 * gradients of a tensor's consumers with one AddN, and on this CPU build an AddN of more than two inputs does
 * not always add them in the same order (which input's buffer it reuses varies from run to run), so the
 * same step gave gradients a few ulps apart. Two-input sums are exact to reorder (a + b = b + a), so a
 * binary tree of Identity ops makes the backward pass bit-reproducible, which exact resume needs.
 */
public final class FanOut {

  private FanOut() {}

  /** {@code count} handles on {@code x}, each to be consumed once. */
  public static List<Operand<TFloat32>> copies(Ops tf, Operand<TFloat32> x, int count) {
    List<Operand<TFloat32>> copies = new ArrayList<>(count);
    split(tf, x, count, copies);
    return copies;
  }

  private static void split(Ops tf, Operand<TFloat32> x, int count, List<Operand<TFloat32>> into) {
    if (count == 1) {
      into.add(x);
      return;
    }
    int left = count / 2;
    split(tf, left == 1 ? x : tf.identity(x), left, into);
    split(tf, tf.identity(x), count - left, into);
  }
}
