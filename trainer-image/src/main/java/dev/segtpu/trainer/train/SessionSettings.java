package dev.segtpu.trainer.train;

import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.OptimizerOptions;
import org.tensorflow.proto.RewriterConfig;

/**
 * How the trainer opens TensorFlow sessions.
 *
 * <p>The classic graph optimizer is off (optimizer level L0): its constant folding evaluated the
 * stateless-random weight initialisers while preparing the first run and copied every initial weight
 * tensor into a constant (~3 s of ResNet-50's start-up). Grappler still folds constants and removes
 * common subexpressions of the training step, so steps do not get slower.
 *
 * <p>On small machines (up to {@value #FEW_CORES} cores) ops run one at a time, each on all cores:
 * on 2 cores, concurrent ops only competed for them (MobileNetV2 513² b4 steps 1.13 s instead of
 * 1.23–1.48 s, ResNet-50 256² b4 1.55 s instead of 1.6–1.8 s). Larger machines keep TensorFlow's
 * default, which was not measured here.
 */
public final class SessionSettings {

  private SessionSettings() {}

  static final int FEW_CORES = 4;

  /**
   * Grappler in one pass, without the passes that change nothing in these graphs: its second pass,
   * the layout optimizer (NHWC on a CPU stays NHWC) and the memory optimizer (no hints to act on;
   * the training graph recomputes explicitly). TF_CPP_VMODULE=meta_optimizer=1 showed the three at
   * about 1 s of ResNet-50's first step and no node changed by them.
   */
  static final RewriterConfig GRAPPLER = RewriterConfig.newBuilder()
      .setMetaOptimizerIterations(RewriterConfig.NumIterationsType.ONE)
      .setLayoutOptimizer(RewriterConfig.Toggle.OFF)
      .setMemoryOptimization(RewriterConfig.MemOptType.NO_MEM_OPT)
      .build();

  public static ConfigProto config() {
    ConfigProto.Builder config = ConfigProto.newBuilder()
        .setGraphOptions(GraphOptions.newBuilder()
            .setOptimizerOptions(OptimizerOptions.newBuilder().setOptLevel(OptimizerOptions.Level.L0))
            .setRewriteOptions(GRAPPLER));
    if (Runtime.getRuntime().availableProcessors() <= FEW_CORES) {
      config.setInterOpParallelismThreads(1);
    }
    return config.build();
  }

  public static Session open(Graph graph) {
    return new Session(graph, config());
  }
}
