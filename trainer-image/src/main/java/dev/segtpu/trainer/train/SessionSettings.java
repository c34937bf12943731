package dev.segtpu.trainer.train;

import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.OptimizerOptions;

/**
 * How the trainer opens TensorFlow sessions.
 *
 * <p>The classic graph optimizer is off (optimizer level L0): its constant folding evaluated the
 * stateless-random weight initialisers while preparing the first run and copied every initial weight
 * tensor into a constant (~3 s of ResNet-50's start-up). Grappler still folds constants and removes
 * common subexpressions of the training step, so steps do not get slower.
 */
public final class SessionSettings {

  private SessionSettings() {}

  public static ConfigProto config() {
    return ConfigProto.newBuilder()
        .setGraphOptions(GraphOptions.newBuilder()
            .setOptimizerOptions(OptimizerOptions.newBuilder().setOptLevel(OptimizerOptions.Level.L0)))
        .build();
  }

  public static Session open(Graph graph) {
    return new Session(graph, config());
  }
}
