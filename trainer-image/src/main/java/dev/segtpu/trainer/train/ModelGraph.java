package dev.segtpu.trainer.train;

import dev.segtpu.trainer.model.ParameterStore;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * What the loop, checkpoints, replicas and the export need of any model's graph: its variables, the step
 * that applies one batch's gradients, the loss it reports and the global step. How a batch is fed is the
 * model's ({@link TrainingTask}).
 */
public interface ModelGraph extends AutoCloseable {

  Graph graph();

  ParameterStore parameters();

  Placeholder<TFloat32> learningRate();

  Operand<TFloat32> loss();

  /** This replica's d loss / d parameter (before any exchange), in the order of {@link ParameterStore#trainable()}. */
  List<Operand<TFloat32>> gradients();

  Op trainStep();

  Variable<TInt64> globalStep();

  /** Forward FLOPs of one training batch's convolutions and matrix products; a training step costs about three times this. */
  long forwardFlops();

  @Override
  void close();
}
