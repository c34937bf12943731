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
 * tensor into a constant (~3 s of ResNet-50's start-up). Grappler still optimises the step graph
 * ({@link #GRAPPLER}), so steps do not get slower.
 *
 * <p>On small machines (up to {@value #FEW_CORES} cores) ops run one at a time, each on all cores:
 * on 2 cores, concurrent ops only compete for them, and steps get slower. They run in the calling
 * thread (inter-op parallelism -1), not on a one-thread pool: with the pool, which ops overlapped
 * varied from run to run, and so did the peak memory, at times past MobileNetV2 513² b4's 2 GiB
 * target; in the calling thread the peak is steady and steps are as fast. Larger machines keep
 * TensorFlow's default, which was not measured here.
 */
public final class SessionSettings {

  private SessionSettings() {}

  static final int FEW_CORES = 4;

  /** TensorFlow's inter-op setting for "run every op in the thread that called Session.run". */
  static final int IN_CALLER_THREAD = -1;

  /**
   * Grappler in one pass, with pruning, common-subexpression elimination, arithmetic and dependency
   * optimisation only. The rest cost seconds of a first step for nothing
   * ({@code TF_CPP_VMODULE=meta_optimizer=1} prints each pass and its time): the second pass, the
   * layout optimizer (NHWC on a CPU stays NHWC) and the memory optimizer (no hints to act on; the
   * training graph recomputes explicitly) change no node of these graphs; constant folding, the shape
   * optimizer and the remapper take time of their own and make no step faster.
   */
  static final RewriterConfig GRAPPLER = RewriterConfig.newBuilder()
      .setMetaOptimizerIterations(RewriterConfig.NumIterationsType.ONE)
      .setLayoutOptimizer(RewriterConfig.Toggle.OFF)
      .setMemoryOptimization(RewriterConfig.MemOptType.NO_MEM_OPT)
      .setConstantFolding(RewriterConfig.Toggle.OFF)
      .setShapeOptimization(RewriterConfig.Toggle.OFF)
      .setRemapping(RewriterConfig.Toggle.OFF)
      .setDependencyOptimization(RewriterConfig.Toggle.OFF)
      .setArithmeticOptimization(RewriterConfig.Toggle.OFF)
      .build();

  public static ConfigProto config() {
    ConfigProto.Builder config = ConfigProto.newBuilder()
        .setGraphOptions(GraphOptions.newBuilder()
            .setOptimizerOptions(OptimizerOptions.newBuilder().setOptLevel(OptimizerOptions.Level.L0))
            .setRewriteOptions(GRAPPLER));
    if (Runtime.getRuntime().availableProcessors() <= FEW_CORES) {
      config.setInterOpParallelismThreads(IN_CALLER_THREAD);
    }
    return config.build();
  }

  public static Session open(Graph graph) {
    return new Session(graph, config());
  }
}
