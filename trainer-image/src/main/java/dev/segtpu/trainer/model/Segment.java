package dev.segtpu.trainer.model;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A stretch of the training tower whose gradient the training graph takes on its own: the forward
 * pass ends in a StopGradient ({@link #output}), and the backward pass differentiates the stretch once
 * the gradient of its output exists ({@link #backwardFrom}), either from the forward pass's own ops
 * (activations kept) or from the stretch built again ({@link #recomputed}: only its sources and output
 * stay alive in between).
 *
 * @param index the segment's place in forward order, by which a recomputation plan names it
 * @param sources what the stretch was built from
 * @param inputs the stretch's own Identity of each source, which its forward ops read
 * @param result the stretch's last forward op, which the StopGradient reads
 * @param output the StopGradient of the result, which the rest of the network uses
 * @param parameters the trainable parameters the stretch created, whose gradients come from it
 * @param forwardFlops the FLOPs of the stretch's convolutions in the forward pass (what recomputing it repeats)
 * @param recomputed whether the backward pass builds the stretch again instead of keeping its activations
 * @param layers the tower view the stretch was built in (its variable names)
 * @param body how to build the stretch again
 */
public record Segment(int index, List<Operand<TFloat32>> sources, List<Operand<TFloat32>> inputs, Operand<TFloat32> result,
                      Operand<TFloat32> output, List<Parameter> parameters, long forwardFlops, boolean recomputed,
                      Layers layers, Body body) {

  /** Builds the stretch in a tower from its inputs (in the order of the sources). */
  public interface Body {
    Operand<TFloat32> apply(Layers layers, List<Operand<TFloat32>> inputs);
  }

  /**
   * The inputs and result to differentiate once {@code upstream} (the output's gradient) exists. A
   * recomputed stretch is built again from copies of its sources that wait for {@code upstream}: the
   * copies' ops then cannot run (or be merged with the forward ones by Grappler) before the backward
   * pass gets here. Batch statistics come out the same; moving-average updates and FLOPs are not
   * recorded again.
   */
  public Differentiable backwardFrom(Ops tf, Op upstream) {
    if (!recomputed) {
      return new Differentiable(inputs, result);
    }
    Ops waiting = tf.withControlDependencies(List.of(upstream));
    List<Operand<TFloat32>> copies = new ArrayList<>();
    sources.forEach(s -> copies.add(waiting.identity(s)));
    return new Differentiable(copies, body.apply(layers.replaying(), copies));
  }

  /** Whether {@code x} depends on a variable (walks all its inputs: meant for short preprocessing chains). */
  public static boolean readsVariables(Operand<?> x) {
    Set<GraphOperation> seen = new HashSet<>();
    List<GraphOperation> pending = new ArrayList<>(List.of((GraphOperation) x.op()));
    while (!pending.isEmpty()) {
      GraphOperation next = pending.remove(pending.size() - 1);
      if (!seen.add(next)) {
        continue;
      }
      if (next.type().startsWith("Variable") || next.type().equals("ReadVariableOp")) {
        return true;
      }
      next.inputs().forEach(in -> pending.add((GraphOperation) in.op()));
      pending.addAll(next.controlInputs());
    }
    return false;
  }

  /** The inputs and result whose gradients the backward pass takes for this segment. */
  public record Differentiable(List<Operand<TFloat32>> inputs, Operand<TFloat32> result) {}
}
