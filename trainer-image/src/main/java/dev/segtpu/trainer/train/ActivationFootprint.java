package dev.segtpu.trainer.train;

import dev.segtpu.trainer.model.Activations;
import dev.segtpu.trainer.model.Layers;
import dev.segtpu.trainer.model.Mode;
import dev.segtpu.trainer.model.ParameterStore;
import dev.segtpu.trainer.model.Segment;
import dev.segtpu.trainer.model.SegmentationModel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * How much memory a training step's activations take, estimated in a scratch graph (~0.2 s) from the
 * forward training tower and its loss: the bytes of every float output that depends on the input batch
 * when nothing is recomputed ({@link #totalBytes}), and for each segment the bytes recomputing it spares
 * (its interior: every output between its inputs and its result) and the forward FLOPs it repeats.
 * Identity and StopGradient outputs are not counted: they share their input's buffer.
 *
 * <p>Against peak resident memory with every activation kept (TrainingBenchmark {@code --recompute false}):
 * MobileNetV2 256² b8 2.3 GiB of outputs vs 2.2 GiB peak, 513² b4 4.6 vs 3.9; 64² b8 146 MiB.
 */
public record ActivationFootprint(long totalBytes, List<SegmentCost> segments) {

  /** What one segment's activations take, and what recomputing them costs. */
  public record SegmentCost(long interiorBytes, long forwardFlops) {}

  public ActivationFootprint {
    segments = List.copyOf(segments);
  }

  /** The bytes the forward pass keeps for the backward pass when {@code recomputation} recomputes its segments. */
  public long keptBytes(Recomputation recomputation) {
    long kept = totalBytes;
    for (int i = 0; i < segments.size(); i++) {
      if (recomputation.recomputes(i)) {
        kept -= segments.get(i).interiorBytes();
      }
    }
    return kept;
  }

  public static ActivationFootprint of(SegmentationModel model, TrainingShape shape, float batchNormDecay, Activations activations) {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> images = tf.placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(shape.batch(), shape.height(), shape.width(), 3)));
      Placeholder<TInt32> labels = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(shape.batch(), shape.height(), shape.width())));
      Layers tower = new Layers(tf, new ParameterStore(tf, 0), Mode.TRAINING, batchNormDecay, activations)
          .withSegments(segment -> false);
      model.loss(tower, model.logits(tower, images), labels);
      List<SegmentCost> costs = new ArrayList<>();
      for (Segment s : tower.segments()) {
        costs.add(new SegmentCost(outputBytes(ops(s.inputs()), (GraphOperation) s.result().op()), s.forwardFlops()));
      }
      return new ActivationFootprint(outputBytes(ops(List.of(images)), null), costs);
    }
  }

  private static List<GraphOperation> ops(Collection<? extends Operand<?>> operands) {
    return operands.stream().map(o -> (GraphOperation) o.op()).toList();
  }

  /** Float output bytes of the ops reachable from {@code starts} (counted too), not going past {@code end} (nor counting it). */
  private static long outputBytes(List<GraphOperation> starts, GraphOperation end) {
    long bytes = 0;
    Set<GraphOperation> seen = new HashSet<>();
    Deque<GraphOperation> frontier = new ArrayDeque<>(starts);
    while (!frontier.isEmpty()) {
      GraphOperation op = frontier.pop();
      if (op.equals(end) || !seen.add(op)) {
        continue;
      }
      if (!op.type().equals("Identity") && !op.type().equals("StopGradient")) {
        for (int i = 0; i < op.numOutputs(); i++) {
          Output<?> output = op.output(i);
          if (output.dataType() == DataType.DT_FLOAT && !output.shape().hasUnknownDimension()) {
            bytes += output.shape().size() * Float.BYTES;
          }
        }
      }
      frontier.addAll(op.consumers());
    }
    return bytes;
  }
}
