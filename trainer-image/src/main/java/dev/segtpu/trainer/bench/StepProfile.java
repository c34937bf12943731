package dev.segtpu.trainer.bench;

import dev.segtpu.trainer.NativeEnvironment;
import dev.segtpu.trainer.input.DataPosition;
import dev.segtpu.trainer.input.Shard;
import dev.segtpu.trainer.model.maskrcnn.MaskRcnnGraph;
import dev.segtpu.trainer.train.ActivationFootprint;
import dev.segtpu.trainer.train.MaskRcnnTask;
import dev.segtpu.trainer.train.RecomputePolicy;
import dev.segtpu.trainer.train.SessionSettings;
import dev.segtpu.trainer.train.TrainingGraph;
import dev.segtpu.trainer.train.TrainingTask;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Session;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.proto.StepStats;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Where one training step's time goes, by op type: TensorFlow's own step trace (RunOptions
 * FULL_TRACE) of one step after three warm-up steps, summed per op type and sorted.
 *
 * <pre>java -cp ... dev.segtpu.trainer.bench.StepProfile [[maskrcnn-]backbone,size,batch] [top] [auto|true|false]</pre>
 *
 * <p>A Mask R-CNN case ({@code maskrcnn-resnet50,512,2}) profiles the trainer's step through its task on
 * synthetic scenes: the step's parts first, then the trace of its training run (see {@link #profile}).
 *
 * <p>The third argument is the trainer's {@code SEGTPU_RECOMPUTE} (default auto). It starts with what
 * {@code auto} weighs: each segment's activations and forward FLOPs, and which it keeps.
 *
 * <p>It ends with the roofline share of an untraced step (as {@link TrainingBenchmark} counts FLOPs)
 * and the most that share could be if only the ops with FLOPs got faster.
 *
 * <p>Run it with the trainer's {@link NativeEnvironment} (it warns about what is missing). On small
 * machines ops run one after another in the calling thread ({@link SessionSettings}): the span from the
 * first node's start to the last node's end is about an untraced step (both printed), and tracing adds
 * its own collection after the span, so shares are of the span.
 */
public final class StepProfile {

  private StepProfile() {}

  public static void main(String[] args) throws InterruptedException {
    NativeEnvironment.missingFrom(System.getenv()).forEach(line -> System.err.println("warning: " + line));
    TrainingBenchmark.BenchCase parsed = TrainingBenchmark.BenchCase.parse(args.length > 0 ? args[0] : "resnet50,256,4");
    int top = args.length > 1 ? Integer.parseInt(args[1]) : 25;
    if (parsed instanceof TrainingBenchmark.MaskRcnnCase maskRcnn) {
      profile(maskRcnn, top);
      return;
    }
    TrainingBenchmark.Case c = (TrainingBenchmark.Case) parsed;
    ActivationFootprint footprint = c.footprint();
    RecomputePolicy.Choice recomputation = (args.length > 2 ? RecomputePolicy.parse(args[2]) : RecomputePolicy.AUTO).choose(() -> footprint);
    printSegments(footprint, recomputation);
    try (TrainingGraph graph = c.graph(recomputation.recomputation());
         Session session = SessionSettings.open(graph.graph());
         TFloat32 images = TrainingBenchmark.randomImages(c);
         TInt32 labels = TrainingBenchmark.randomLabels(c);
         TFloat32 rate = TFloat32.scalarOf(0.001f)) {
      session.forceInitialize();
      double untracedMs = 0;
      for (int i = 0; i < 3; i++) {
        long warm = System.nanoTime();
        TrainingBenchmark.step(session, graph, images, labels, rate);
        untracedMs = (System.nanoTime() - warm) / 1e6;
      }
      System.out.printf("untraced step %.0f ms (the last of three)%n", untracedMs);
      long t = System.nanoTime();
      RunMetadata metadata;
      try (var r = TrainingBenchmark.stepRunner(session, graph, images, labels, rate)
          .setOptions(RunOptions.newBuilder().setTraceLevel(RunOptions.TraceLevel.FULL_TRACE).build())
          .runAndFetchMetadata()) {
        metadata = r.getMetadata().orElseThrow();
      }
      double stepMs = (System.nanoTime() - t) / 1e6;
      print(graph.graph(), metadata.getStepStats(), stepMs, top);
      ceiling(graph.graph(), graph.forwardFlops(), metadata.getStepStats(), untracedMs);
    }
  }

  /**
   * A Mask R-CNN step ({@link TrainingBenchmark.MaskRcnnCase}): after two warm-up steps, the mean of three
   * untraced steps by part, then one step whose training run (the second run, after {@code feed}'s proposal run
   * and host work) is traced. The table and the ceiling are of the training run; the ceiling's share is of the
   * training run alone, so it is an upper bound for the whole step as well.
   */
  private static void profile(TrainingBenchmark.MaskRcnnCase c, int top) throws InterruptedException {
    try (MaskRcnnTask task = c.task();
         Session session = SessionSettings.open(task.graph().graph());
         TrainingTask.StepBatches batches = task.training(DataPosition.START, Shard.WHOLE);
         TFloat32 rate = TFloat32.scalarOf(0.001f)) {
      MaskRcnnGraph graph = task.graph();
      session.forceInitialize();
      traced(session, graph, batches, rate, "the first step's training run (its graph optimised, its kernels made, then run)", top);
      TrainingBenchmark.step(session, graph, batches, rate);
      double waiting = 0;
      double feed = 0;
      double train = 0;
      for (int i = 0; i < 3; i++) {
        TrainingBenchmark.MaskRcnnStepTime t = TrainingBenchmark.step(session, graph, batches, rate);
        waiting += t.waiting() / 3;
        feed += t.feed() / 3;
        train += t.train() / 3;
      }
      System.out.printf("untraced step %.0f ms (mean of three after two more): wait %.0f ms, feed (proposal run and host work) %.0f ms,"
          + " training run %.0f ms%n", 1e3 * (waiting + feed + train), 1e3 * waiting, 1e3 * feed, 1e3 * train);
      StepStats stats = traced(session, graph, batches, rate, "the training run (the step's second run)", top);
      ceiling(graph.graph(), graph.forwardFlops(), stats, 1e3 * train);
    }
  }

  /** A Mask R-CNN step whose training run is traced; prints its table and returns its trace. */
  private static StepStats traced(Session session, MaskRcnnGraph graph, TrainingTask.StepBatches batches, TFloat32 rate,
                                  String title, int top) throws InterruptedException {
    try (TrainingTask.StepBatch batch = batches.next()) {
      Session.Runner runner = batch.feed(session, session.runner()).feed(graph.learningRate(), rate)
          .addTarget(graph.trainStep()).fetch(graph.loss());
      long t = System.nanoTime();
      RunMetadata metadata;
      try (var r = runner.setOptions(RunOptions.newBuilder().setTraceLevel(RunOptions.TraceLevel.FULL_TRACE).build())
          .runAndFetchMetadata()) {
        metadata = r.getMetadata().orElseThrow();
      }
      double stepMs = (System.nanoTime() - t) / 1e6;
      System.out.println(title + ":");
      print(graph.graph(), metadata.getStepStats(), stepMs, top);
      return metadata.getStepStats();
    }
  }

  /**
   * The kernel a traced node ran, from its timeline label ({@code name = Kernel(inputs)}): with oneDNN on, a
   * convolution and the BiasAdd after it run as one {@code _MklConv2DWithBias} node under the BiasAdd's name, so
   * the graph's op type would call the convolution's time a BiasAdd's.
   */
  private static String kernel(NodeExecStats node, GraphOperation op) {
    String label = node.getTimelineLabel();
    int equals = label.indexOf(" = ");
    int paren = label.indexOf('(', Math.max(equals, 0));
    if (equals >= 0 && paren > equals) {
      return label.substring(equals + 3, paren).trim();
    }
    return op == null ? node.getNodeName() : op.type();
  }

  /** As {@link #flops(GraphOperation)}, with a convolution fused into the traced node counted there. */
  private static double flops(NodeExecStats node, GraphOperation op) {
    if (op == null) {
      return 0;
    }
    if (op.type().equals("BiasAdd") && kernel(node, op).contains("Conv2D") && op.input(0).op() instanceof GraphOperation conv) {
      return flops(conv);
    }
    return flops(op);
  }

  /** What {@code auto} weighs, and what the chosen setting does with each segment. */
  private static void printSegments(ActivationFootprint footprint, RecomputePolicy.Choice choice) {
    System.out.printf("activations %s%nforward outputs %d MiB, of which segments' interiors:%n", choice.reason(), footprint.totalBytes() >> 20);
    for (int i = 0; i < footprint.segments().size(); i++) {
      ActivationFootprint.SegmentCost s = footprint.segments().get(i);
      System.out.printf("  segment %2d %5d MiB %6.2f GFLOP forward  %s%n", i, s.interiorBytes() >> 20, s.forwardFlops() / 1e9,
          choice.recomputation().recomputes(i) ? "recomputed" : "kept");
    }
  }

  /** Multiply-add FLOPs of the GEMM-like ops, from their static shapes; 0 for the others. */
  private static double flops(GraphOperation op) {
    return switch (op.type()) {
      case "Conv2D", "DepthwiseConv2dNative" -> 2.0 * op.output(0).shape().size() * kernelTaps(op.input(1).shape(), op.type());
      case "Conv2DBackpropInput", "Conv2DBackpropFilter", "DepthwiseConv2dNativeBackpropInput",
          "DepthwiseConv2dNativeBackpropFilter" -> 2.0 * op.input(2).shape().size()
          * kernelTaps(op.type().endsWith("Filter") ? op.output(0).shape() : op.input(1).shape(), op.type());
      case "MatMul" -> {
        long rows = op.output(0).shape().size(0);
        yield 2.0 * op.output(0).shape().size() * (op.input(0).shape().size() / rows);
      }
      default -> 0;
    };
  }

  /** Multiply-adds per output element: kh·kw·Cin for a convolution, kh·kw for a depthwise one. */
  private static double kernelTaps(org.tensorflow.ndarray.Shape filter, String type) {
    return type.startsWith("Depthwise") ? filter.size(0) * filter.size(1) : filter.size(0) * filter.size(1) * filter.size(2);
  }

  /**
   * The roofline share the step reaches, and the most it could reach if every op with FLOPs in the
   * count (convolutions, depthwise convolutions, MatMuls) ran at the roofline while the others
   * (batch norm, activations, patch slices, loss, optimizer) kept their traced times: an upper
   * bound for any change that only makes the FLOP-carrying ops faster.
   */
  private static void ceiling(Graph graph, long forwardFlops, StepStats stats, double untracedMs) {
    double otherMs = 0;
    for (var device : stats.getDevStatsList()) {
      for (NodeExecStats node : device.getNodeStatsList()) {
        GraphOperation op = graph.operation(node.getNodeName());
        if (flops(node, op) == 0) {
          otherMs += (node.getOpEndRelMicros() - node.getOpStartRelMicros()) / 1e3;
        }
      }
    }
    double roofline = Roofline.measure();
    double stepFlops = 3.0 * forwardFlops;
    double atRooflineMs = stepFlops / roofline / 1e6;
    System.out.printf("roofline %.0f GFLOP/s; the untraced step's share of it %.2f; ops without FLOPs %.0f ms;"
            + " with every FLOP-carrying op at the roofline the share would be at most %.2f%n",
        roofline, atRooflineMs / untracedMs, otherMs, atRooflineMs / (atRooflineMs + otherMs));
  }

  private record Span(double ms, double idleMs) {}

  /**
   * From the first node's start to the last node's end, and how much of that no node ran: with ops
   * run one after another (small machines), this tells TensorFlow's own work between ops apart from the
   * run's fixed costs outside the span (feeding, fetching, collecting the trace).
   */
  private static Span span(StepStats stats) {
    List<NodeExecStats> nodes = new ArrayList<>();
    stats.getDevStatsList().forEach(device -> nodes.addAll(device.getNodeStatsList()));
    nodes.sort(Comparator.comparingLong(NodeExecStats::getAllStartMicros));
    long first = nodes.get(0).getAllStartMicros();
    long end = first;
    long idle = 0;
    for (NodeExecStats node : nodes) {
      idle += Math.max(0, node.getAllStartMicros() - end);
      end = Math.max(end, node.getAllStartMicros() + node.getAllEndRelMicros());
    }
    return new Span((end - first) / 1e3, idle / 1e3);
  }

  private static void print(Graph graph, StepStats stats, double stepMs, int top) {
    Map<String, double[]> byType = new HashMap<>();
    Map<String, Double> byNode = new HashMap<>();
    double total = 0;
    for (var device : stats.getDevStatsList()) {
      for (NodeExecStats node : device.getNodeStatsList()) {
        double ms = (node.getOpEndRelMicros() - node.getOpStartRelMicros()) / 1e3;
        GraphOperation op = graph.operation(node.getNodeName());
        String type = kernel(node, op);
        double[] sum = byType.computeIfAbsent(type, k -> new double[2]);
        sum[0] += ms;
        sum[1]++;
        double gflop = flops(node, op) / 1e9;
        byNode.merge(String.format("%-40s %-28s %6.2f GFLOP %6.1f GFLOP/s %s", node.getNodeName(), type, gflop,
            gflop / ms * 1e3, op == null || op.numInputs() == 0 ? "" : op.input(0).shape()), ms, Double::sum);
        total += ms;
      }
    }
    Span span = span(stats);
    System.out.printf("traced step %.0f ms; nodes ran from first start to last end over %.0f ms, none running for %.0f ms"
        + " of it (the rest of the traced step is the run's own work, mostly collecting the trace); op time summed %.0f ms%n",
        stepMs, span.ms(), span.idleMs(), total);
    System.out.println("op type                         |  total ms | share of the span |  ops");
    byType.entrySet().stream().sorted(Comparator.comparingDouble(e -> -e.getValue()[0])).limit(top)
        .forEach(e -> System.out.printf("%-31s | %9.1f | %4.1f%% | %4d%n", e.getKey(), e.getValue()[0],
            100 * e.getValue()[0] / span.ms(), (int) e.getValue()[1]));
    System.out.println("slowest nodes");
    byNode.entrySet().stream().sorted(Map.Entry.comparingByValue(Comparator.reverseOrder())).limit(top)
        .forEach(e -> System.out.printf("%9.1f ms  %s%n", e.getValue(), e.getKey()));
  }
}
