package dev.segtpu.trainer.train;

import dev.segtpu.trainer.model.Parameter;
import dev.segtpu.trainer.model.Segment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.types.TFloat32;

/**
 * Gradients of the loss for every trainable parameter when the tower is cut into segments: first the
 * head (everything outside segments) down to the segment outputs it uses, then each segment from the
 * last to the first, once its output's gradient exists, with TensorFlow's gradients of the segment
 * seeded by that gradient. A recomputed segment is differentiated in a copy rebuilt from its inputs,
 * so only its inputs and output stay alive between the forward and the backward pass; a kept one in
 * the forward pass's own ops.
 */
final class SegmentedGradients {

  private SegmentedGradients() {}

  /** d loss / d parameter for each of {@code trainable}, in that order. */
  static List<Operand<?>> of(Ops tf, Operand<TFloat32> loss, List<Parameter> trainable, List<Segment> segments) {
    Set<Parameter> inSegments = new HashSet<>();
    Set<GraphOperation> segmentInputs = new HashSet<>();
    Map<Output<?>, Segment> byOutput = new HashMap<>();
    for (Segment s : segments) {
      inSegments.addAll(s.parameters());
      s.inputs().forEach(in -> segmentInputs.add((GraphOperation) in.op()));
      byOutput.put(s.output().asOutput(), s);
    }
    List<Parameter> head = trainable.stream().filter(p -> !inSegments.contains(p)).toList();
    List<Operand<TFloat32>> usedByHead = new ArrayList<>();
    for (Segment s : segments) {
      GraphOperation op = (GraphOperation) s.output().op();
      if (!segmentInputs.containsAll(op.consumers())) {
        usedByHead.add(s.output());
      }
    }

    Map<Parameter, Operand<?>> byParameter = new LinkedHashMap<>();
    Map<Output<?>, List<Operand<?>>> upstream = new HashMap<>();
    List<Operand<?>> headXs = new ArrayList<>();
    head.forEach(p -> headXs.add(p.variable()));
    headXs.addAll(usedByHead);
    List<Output<?>> headGradients = tf.gradients(loss, headXs).dy();
    for (int i = 0; i < head.size(); i++) {
      byParameter.put(head.get(i), headGradients.get(i));
    }
    for (int i = 0; i < usedByHead.size(); i++) {
      upstream.computeIfAbsent(usedByHead.get(i).asOutput(), k -> new ArrayList<>()).add(headGradients.get(head.size() + i));
    }

    for (int k = segments.size() - 1; k >= 0; k--) {
      Segment s = segments.get(k);
      List<Operand<?>> parts = upstream.get(s.output().asOutput());
      if (parts == null) {
        throw new IllegalStateException("no gradient reaches segment " + k);
      }
      Operand<?> dy = parts.size() == 1 ? parts.get(0) : tf.math.addN(castAll(parts));
      Segment.Differentiable part = s.backwardFrom(tf, dy);
      List<Operand<?>> xs = new ArrayList<>();
      List<Operand<TFloat32>> differentiated = new ArrayList<>();
      for (int i = 0; i < s.sources().size(); i++) {
        Operand<TFloat32> source = s.sources().get(i);
        if (byOutput.containsKey(source.asOutput())) {
          xs.add(part.inputs().get(i));
          differentiated.add(source);
        } else if (Segment.readsVariables(source)) {
          throw new IllegalStateException("segment " + k + " starts from " + source.op().name()
              + ", which is not a segment's output but depends on variables: their gradient would be lost");
        }
      }
      s.parameters().forEach(p -> xs.add(p.variable()));
      List<Output<?>> grads = tf.gradients(List.of(part.result()), xs, Gradients.dx(List.of(dy))).dy();
      int offset = differentiated.size();
      for (int i = 0; i < offset; i++) {
        upstream.computeIfAbsent(differentiated.get(i).asOutput(), o -> new ArrayList<>()).add(grads.get(i));
      }
      for (int i = 0; i < s.parameters().size(); i++) {
        byParameter.put(s.parameters().get(i), grads.get(offset + i));
      }
    }
    List<Operand<?>> result = new ArrayList<>();
    for (Parameter p : trainable) {
      result.add(byParameter.get(p));
    }
    return result;
  }

  @SuppressWarnings("unchecked")
  private static List<Operand<TFloat32>> castAll(List<Operand<?>> parts) {
    List<Operand<TFloat32>> result = new ArrayList<>();
    parts.forEach(p -> result.add((Operand<TFloat32>) p));
    return result;
  }
}
