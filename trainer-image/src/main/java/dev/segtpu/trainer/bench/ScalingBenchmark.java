package dev.segtpu.trainer.bench;

import dev.segtpu.trainer.NativeEnvironment;
import dev.segtpu.trainer.distributed.CollectiveOps;
import dev.segtpu.trainer.distributed.CollectiveRuntime;
import dev.segtpu.trainer.distributed.LocalPortBlock;
import dev.segtpu.trainer.distributed.PeerGroup;
import dev.segtpu.trainer.distributed.Rendezvous;
import dev.segtpu.trainer.distributed.ReplicaSync;
import dev.segtpu.trainer.train.Recomputation;
import dev.segtpu.trainer.train.RecomputePolicy;
import dev.segtpu.trainer.train.Replicas;
import dev.segtpu.trainer.train.SessionSettings;
import dev.segtpu.trainer.train.StepSignals;
import dev.segtpu.trainer.train.TrainingGraph;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Scaling of synchronous data parallelism on this machine: one worker, then two workers training one
 * model (each in its own JVM with one intra-op thread, so each has a core of its own and the per-worker
 * batch is the same), side by side in one run.
 *
 * <pre>java -cp ... dev.segtpu.trainer.bench.ScalingBenchmark [--case mobilenetv2,256,8] [--steps 8]</pre>
 *
 * <p>Prints each run's step time and throughput, the scaling efficiency (two workers' images per second
 * over twice one worker's), the bytes the per-step all-reduce carries, and the share of a step that
 * all-reduce takes (timed alone on a bucket of the same size, between the same two workers). It also runs
 * two independent single workers side by side: their step time against one worker's alone is the ceiling
 * any data parallelism on this machine can reach, as the two processes share its memory bandwidth and caches.
 */
public final class ScalingBenchmark {

  private ScalingBenchmark() {}

  public static void main(String[] args) throws Exception {
    String caseFlag = "mobilenetv2,256,8";
    int steps = 8;
    String role = "parent";
    int worker = 0;
    int port = 0;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--case" -> caseFlag = args[++i];
        case "--steps" -> steps = Integer.parseInt(args[++i]);
        case "--role" -> role = args[++i];
        case "--worker" -> worker = Integer.parseInt(args[++i]);
        case "--port" -> port = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i] + "; expected --case B,SIZE,BATCH or --steps N");
      }
    }
    TrainingBenchmark.Case c = TrainingBenchmark.Case.parse(caseFlag);
    switch (role) {
      case "single" -> System.out.println(measure(c, steps, null));
      case "worker" -> System.out.println(measure(c, steps, new PeerGroup(worker, List.of("127.0.0.1", "127.0.0.1"), port,
          Duration.ofSeconds(300))));
      default -> compare(c, caseFlag, steps);
    }
  }

  private static void compare(TrainingBenchmark.Case c, String caseFlag, int steps) throws Exception {
    Map<String, String> single = parse(child(caseFlag, steps, "single", 0, 0).waitForOutput());
    Child a = child(caseFlag, steps, "single", 0, 0);
    Child b = child(caseFlag, steps, "single", 0, 0);
    Map<String, String> sideBySide = parse(a.waitForOutput());
    parse(b.waitForOutput());
    int port = LocalPortBlock.reserve(2);
    Child w0 = child(caseFlag, steps, "worker", 0, port);
    Child w1 = child(caseFlag, steps, "worker", 1, port);
    Map<String, String> first = parse(w0.waitForOutput());
    parse(w1.waitForOutput());
    double oneStep = Double.parseDouble(single.get("step_s"));
    double twoStep = Double.parseDouble(first.get("step_s"));
    double oneRate = c.batch() / oneStep;
    double twoRate = 2 * c.batch() / twoStep;
    double contended = Double.parseDouble(sideBySide.get("step_s"));
    double allReduce = Double.parseDouble(first.get("allreduce_s"));
    long bytes = Long.parseLong(first.get("bucket_bytes"));
    System.out.printf("case %s, %d measured steps, one intra-op thread per worker%n", caseFlag, steps);
    System.out.printf("1 worker : step %.3f s, %.2f img/s%n", oneStep, oneRate);
    System.out.printf("2 workers: step %.3f s, %.2f img/s (global batch %d)%n", twoStep, twoRate, 2 * c.batch());
    System.out.printf("2 independent workers side by side (no all-reduce): step %.3f s -> ceiling %.2f%n", contended,
        oneStep / contended);
    System.out.printf("scaling efficiency %.2f (target >= 0.85)%n", twoRate / (2 * oneRate));
    System.out.printf("all-reduce per step: %.1f MB, %.3f s alone = %.1f %% of a 2-worker step (target <= 10 %%)%n",
        bytes / 1e6, allReduce, 100 * allReduce / twoStep);
  }

  /** One process's mean step time (and, in a group, the all-reduce alone and its size), as key=value pairs. */
  static String measure(TrainingBenchmark.Case c, int steps, PeerGroup group) throws IOException {
    Replicas replicas = group == null ? Replicas.SINGLE : new ReplicaSync(group);
    ConfigProto config = SessionSettings.config().toBuilder().setIntraOpParallelismThreads(1).build();
    CollectiveRuntime runtime = null;
    if (group != null) {
      var addresses = Rendezvous.resolve(group);
      runtime = CollectiveRuntime.start(group, addresses, config);
      Rendezvous.awaitPeers(group, addresses);
    }
    Recomputation recomputation = c.recomputation(RecomputePolicy.AUTO).recomputation();
    StringBuilder out = new StringBuilder();
    try (TrainingGraph graph = c.graph(recomputation, replicas);
         Session session = runtime == null ? new Session(graph.graph(), config) : runtime.open(graph.graph(), config);
         TFloat32 images = TrainingBenchmark.randomImages(c);
         TInt32 labels = TrainingBenchmark.randomLabels(c);
         TFloat32 rate = TFloat32.scalarOf(0.001f)) {
      session.forceInitialize();
      for (int i = 0; i < 2; i++) {
        step(session, graph, replicas, images, labels, rate);
      }
      long began = System.nanoTime();
      for (int i = 0; i < steps; i++) {
        step(session, graph, replicas, images, labels, rate);
      }
      out.append("step_s=").append((System.nanoTime() - began) / 1e9 / steps);
      if (replicas instanceof ReplicaSync sync) {
        long elements = sync.bucketElements();
        out.append(" bucket_bytes=").append(elements * 4);
        out.append(" allreduce_s=").append(allReduceAlone(runtime, group, elements, steps));
      }
    }
    return out.toString();
  }

  private static void step(Session session, TrainingGraph graph, Replicas replicas, TFloat32 images, TInt32 labels,
                           TFloat32 rate) {
    Session.Runner runner = TrainingBenchmark.stepRunner(session, graph, images, labels, rate);
    Replicas.StepAgreement agreement = replicas.step(runner, new StepSignals(false, false), 1);
    try (var result = runner.run()) {
      agreement.read(result);
    }
  }

  /** Mean seconds of an all-reduce of {@code elements} floats between the group's workers, nothing else in the run. */
  private static double allReduceAlone(CollectiveRuntime runtime, PeerGroup group, long elements, int rounds) {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> input = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(elements)));
      Operand<TFloat32> sum = CollectiveOps.allReduce(tf, graph, input, group, 3, "Add", "bench_all_reduce");
      try (Session session = runtime.open(graph, SessionSettings.config().toBuilder().setIntraOpParallelismThreads(1).build());
           TFloat32 bucket = TFloat32.tensorOf(Shape.of(elements))) {
        for (int i = 0; i < 2; i++) {
          session.runner().feed(input, bucket).fetch(sum).run().close();
        }
        long began = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
          session.runner().feed(input, bucket).fetch(sum).run().close();
        }
        return (System.nanoTime() - began) / 1e9 / rounds;
      }
    }
  }

  private record Child(Process process) {
    String waitForOutput() throws IOException, InterruptedException {
      String out = new String(process.getInputStream().readAllBytes()).trim();
      if (process.waitFor() != 0) {
        throw new IllegalStateException("benchmark process failed (exit " + process.exitValue() + "): " + out);
      }
      String[] lines = out.split("\n");
      return lines[lines.length - 1];
    }
  }

  private static Child child(String caseFlag, int steps, String role, int worker, int port) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    String cache = System.getProperty("org.bytedeco.javacpp.cachedir");
    if (cache != null) {
      command.add("-Dorg.bytedeco.javacpp.cachedir=" + cache);
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), ScalingBenchmark.class.getName(),
        "--case", caseFlag, "--steps", Integer.toString(steps), "--role", role, "--worker", Integer.toString(worker),
        "--port", Integer.toString(port)));
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
    NativeEnvironment.applyTo(builder.environment());
    builder.environment().put("OMP_NUM_THREADS", "1");
    return new Child(builder.start());
  }

  private static Map<String, String> parse(String line) {
    Map<String, String> values = new TreeMap<>();
    for (String pair : line.trim().split("\\s+")) {
      int eq = pair.indexOf('=');
      values.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    return values;
  }
}
