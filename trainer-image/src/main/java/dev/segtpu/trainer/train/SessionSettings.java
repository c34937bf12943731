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
 * on 2 cores, concurrent ops only competed for them (MobileNetV2 513² b4 steps 1.13 s instead of
 * 1.23–1.48 s, ResNet-50 256² b4 1.55 s instead of 1.6–1.8 s). They run in the calling thread
 * (inter-op parallelism -1), not on a one-thread pool: with the pool, which ops overlapped varied from
 * run to run, and so did the peak memory (MobileNetV2 513² b4: 1381–2092 MiB, three of fifteen runs
 * above 2 GiB); in the calling thread it stays at 1410–1434 MiB, and steps are as fast
 * (`compare-commits.sh 1edede8 ddad2b6`, MobileNetV2 513² b4 and ResNet-50 256² b4, figures in
 * trainer-image/README.md). Larger machines keep TensorFlow's default, which was not measured here.
 */
public final class SessionSettings {

  private SessionSettings() {}

  static final int FEW_CORES = 4;

  /** TensorFlow's inter-op setting for "run every op in the thread that called Session.run". */
  static final int IN_CALLER_THREAD = -1;

  /**
   * Grappler in one pass, with pruning, common-subexpression elimination, arithmetic and dependency
   * optimisation only. TF_CPP_VMODULE=meta_optimizer=1 showed the rest at about 1.5 s of ResNet-50's
   * first step: the second pass, the layout optimizer (NHWC on a CPU stays NHWC) and the memory
   * optimizer (no hints to act on; the training graph recomputes explicitly) changed no node;
   * constant folding, the shape optimizer and the remapper took ~0.5 s together, and without them
   * steps were as fast in alternating TrainingBenchmark runs (ResNet-50 256² b4 1.30–1.50 s either
   * way, MobileNetV2 256² b8 within 2 %), while the initialisation and the first step got shorter.
   */
  static final RewriterConfig GRAPPLER = RewriterConfig.newBuilder()
      .setMetaOptimizerIterations(RewriterConfig.NumIterationsType.ONE)
      .setLayoutOptimizer(RewriterConfig.Toggle.OFF)
      .setMemoryOptimization(RewriterConfig.MemOptType.NO_MEM_OPT)
      .setConstantFolding(RewriterConfig.Toggle.OFF)
      .setShapeOptimization(RewriterConfig.Toggle.OFF)
      .setRemapping(RewriterConfig.Toggle.OFF)
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
