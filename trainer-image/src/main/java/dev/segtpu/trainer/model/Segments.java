package dev.segtpu.trainer.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.IntPredicate;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** The segments a training tower has been cut into so far, in forward order, and which of them recompute. */
final class Segments {

  private final List<Segment> built = new ArrayList<>();
  private final IntPredicate recomputed;

  /** @param recomputed which segments, by index, recompute their activations in the backward pass */
  Segments(IntPredicate recomputed) {
    this.recomputed = recomputed;
  }

  /**
   * A segment's input must be another segment's output, or (before the first segment) independent of
   * the variables: the backward pass can only hand the input's gradient to another segment. Otherwise
   * (ResNet's ASPP and decoder, whose inputs come from a backbone without segments) the layers are
   * ordinary ones.
   */
  boolean canStartFrom(Operand<TFloat32> source) {
    for (Segment s : built) {
      if (s.output().asOutput().equals(source.asOutput())) {
        return true;
      }
    }
    return built.isEmpty() && !Segment.readsVariables(source);
  }

  /** Records the next segment, recomputed or not as the predicate says for its index. */
  void add(List<Operand<TFloat32>> sources, List<Operand<TFloat32>> inputs, Operand<TFloat32> result,
           Operand<TFloat32> output, List<Parameter> parameters, long forwardFlops, Layers layers, Segment.Body body) {
    int index = built.size();
    built.add(new Segment(index, List.copyOf(sources), inputs, result, output, parameters, forwardFlops,
        recomputed.test(index), layers, body));
  }

  List<Segment> all() {
    return Collections.unmodifiableList(built);
  }
}
