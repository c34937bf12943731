package dev.segtpu.trainer.bench;

import dev.segtpu.trainer.NativeEnvironment;
import dev.segtpu.trainer.checkpoint.CheckpointDirectory;
import dev.segtpu.trainer.checkpoint.CheckpointMetadata;
import dev.segtpu.trainer.input.DataPosition;
import dev.segtpu.trainer.input.InputSpec;
import dev.segtpu.trainer.input.Shard;
import dev.segtpu.trainer.model.Activations;
import dev.segtpu.trainer.model.HostArrays;
import dev.segtpu.trainer.model.deeplab.BackboneKind;
import dev.segtpu.trainer.model.deeplab.DeepLabSpec;
import dev.segtpu.trainer.model.deeplab.DeepLabV3Plus;
import dev.segtpu.trainer.model.maskrcnn.MaskRcnnGraph;
import dev.segtpu.trainer.model.maskrcnn.MaskRcnnSpec;
import dev.segtpu.trainer.train.ActivationFootprint;
import dev.segtpu.trainer.train.MaskRcnnTask;
import dev.segtpu.trainer.train.MomentumSgd;
import dev.segtpu.trainer.train.RecomputePolicy;
import dev.segtpu.trainer.train.Recomputation;
import dev.segtpu.trainer.train.Replicas;
import dev.segtpu.trainer.train.SessionSettings;
import dev.segtpu.trainer.train.TrainingGraph;
import dev.segtpu.trainer.train.TrainingShape;
import dev.segtpu.trainer.train.TrainingTask;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.tensorflow.Session;
import org.tensorflow.TensorFlow;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Training throughput of the published DeepLab v3+ and Mask R-CNN networks on this machine, next to the
 * CPU's roofline measured in the same process. Each case runs in a fresh JVM so its start-up time and
 * peak resident memory are its own.
 *
 * <pre>java -cp ... dev.segtpu.trainer.bench.TrainingBenchmark [--case mobilenetv2,256,8|maskrcnn-resnet50,512,2] [--steps 5] [--onednn off|on|both] [--recompute auto|true|false]</pre>
 *
 * <p>A case is {@code backbone,size,batch} for DeepLab v3+ and {@code maskrcnn-backbone,size,batch} for
 * Mask R-CNN ({@link MaskRcnnCase}: the published ResNet-FPN with 91 classes, measured differently, see
 * there).
 *
 * <p>{@code --recompute} is the trainer's setting (default auto, as in the trainer); a line before each
 * row says what it chose. Rows that keep every activation say "kept", those that keep some "part-kept".
 *
 * <p>Child JVMs get the trainer image's {@link NativeEnvironment} (allocator, huge pages); a single
 * {@code --case} run uses the caller's environment as it is.
 *
 * <p>oneDNN: the trainer runs with TensorFlow's oneDNN kernels on (TF_ENABLE_ONEDNN_OPTS=1); "both"
 * (the default) also measures TensorFlow's own kernels.
 *
 * <p>FLOPs are counted from the layer shapes (2 per multiply-add of every convolution) and a training
 * step is taken as 3× the forward pass (forward, input gradients, weight gradients). Batches are fixed
 * random pixels and labels: this measures the model, not the input pipeline.
 *
 * <p>Start-up is split into loading TensorFlow (with JVM start), building the training graph (the
 * session is opened with it), initialising the variables, and the first step (which includes
 * Grappler's optimisation of the step graph and creating its kernels).
 */
public final class TrainingBenchmark {

  /** One measured configuration, DeepLab v3+ or Mask R-CNN. */
  sealed interface BenchCase permits Case, MaskRcnnCase {

    /** The {@code --case} value that names this case. */
    String flag();

    /** {@code maskrcnn-backbone,size,batch} is a Mask R-CNN case, anything else a DeepLab v3+ one. */
    static BenchCase parse(String text) {
      return text.startsWith(MaskRcnnCase.PREFIX) ? MaskRcnnCase.parse(text) : Case.parse(text);
    }
  }

  /** One measured DeepLab v3+ configuration. */
  record Case(BackboneKind backbone, int size, int batch) implements BenchCase {

    static Case parse(String text) {
      String[] parts = text.split(",");
      return new Case(BackboneKind.fromContractName(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
    }

    @Override
    public String flag() {
      return backbone.contractName() + "," + size + "," + batch;
    }

    /** The published network's training graph at this size and batch (21 classes, output stride 16). */
    TrainingGraph graph(Recomputation recomputation) {
      return graph(recomputation, Replicas.SINGLE);
    }

    /** As one replica of a data-parallel group. */
    TrainingGraph graph(Recomputation recomputation, Replicas replicas) {
      return new TrainingGraph(model(), TrainingShape.square(batch, size), new MomentumSgd(0.9, 1e-4),
          spec().batchNormDecay(), 1, Activations.PUBLISHED, recomputation, replicas);
    }

    /** What the trainer's {@code SEGTPU_RECOMPUTE} setting would choose for this case. */
    RecomputePolicy.Choice recomputation(RecomputePolicy policy) {
      return policy.choose(this::footprint);
    }

    /** The activations the trainer's {@code auto} weighs for this case. */
    ActivationFootprint footprint() {
      return ActivationFootprint.of(model(), TrainingShape.square(batch, size), spec().batchNormDecay(), Activations.PUBLISHED);
    }

    private DeepLabSpec spec() {
      return DeepLabSpec.published(backbone, 21, 16);
    }

    private DeepLabV3Plus model() {
      return new DeepLabV3Plus(spec());
    }
  }

  /**
   * One measured Mask R-CNN configuration: the published network ({@link MaskRcnnSpec#published}, 91 classes as
   * the reference's COCO) at {@code size}² and {@code batch} images per step.
   *
   * <p>Unlike the DeepLab rows, a step is the trainer's whole Mask R-CNN step through {@link MaskRcnnTask} on
   * synthetic instance scenes: waiting for the prefetched batch (scenes and RPN targets are made on a background
   * thread), {@code StepBatch.feed} (the first run, the RPN's forward pass for proposals, then proposals, RoI
   * sampling and mask targets on the host) and the training run. The data path is part of what a Mask R-CNN step
   * costs (the host work sits between the two runs), so leaving it out would flatter the model.
   */
  record MaskRcnnCase(BackboneKind backbone, int size, int batch) implements BenchCase {

    static final String PREFIX = "maskrcnn-";

    /** The published network's classes: COCO's category ids 1..90 and background. */
    static final int CLASSES = 91;

    /** The reference's batch-norm decay; the moving averages do not change a step's cost. */
    static final float BATCH_NORM_DECAY = 0.997f;

    MaskRcnnCase {
      if (size % 64 != 0) {
        throw new IllegalArgumentException("Mask R-CNN's image size must be a multiple of 64 (its coarsest level), got " + size);
      }
    }

    static MaskRcnnCase parse(String text) {
      if (!text.startsWith(PREFIX)) {
        throw new IllegalArgumentException("a Mask R-CNN case starts with " + PREFIX + ", got " + text);
      }
      String[] parts = text.substring(PREFIX.length()).split(",");
      if (parts.length != 3) {
        throw new IllegalArgumentException("expected maskrcnn-BACKBONE,SIZE,BATCH, got " + text);
      }
      return new MaskRcnnCase(BackboneKind.fromContractName(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
    }

    @Override
    public String flag() {
      return PREFIX + backbone.contractName() + "," + size + "," + batch;
    }

    MaskRcnnSpec spec() {
      return MaskRcnnSpec.published(backbone, CLASSES, BATCH_NORM_DECAY);
    }

    /** Synthetic instance scenes at the case's size, as the trainer's {@code synthetic} dataset makes them. */
    InputSpec input() {
      return InputSpec.synthetic(64, size, size, batch, 1, CLASSES);
    }

    /** The trainer's task for this case: its training graph (seed 1, one replica) and synthetic data. */
    MaskRcnnTask task() {
      return new MaskRcnnTask(new MaskRcnnGraph(spec(), batch, size, new MomentumSgd(0.9, 1e-4), 1, Replicas.SINGLE),
          input(), input());
    }
  }

  static final List<BenchCase> CASES = List.of(
      new Case(BackboneKind.MOBILENETV2, 256, 8),
      new Case(BackboneKind.MOBILENETV2, 513, 4),
      new Case(BackboneKind.RESNET50, 256, 4),
      new MaskRcnnCase(BackboneKind.RESNET50, 512, 2),
      new MaskRcnnCase(BackboneKind.RESNET50, 1024, 1));

  private TrainingBenchmark() {}

  public static void main(String[] args) throws Exception {
    long processStart = System.nanoTime();
    int steps = 5;
    BenchCase only = null;
    String oneDnn = "both";
    RecomputePolicy recompute = RecomputePolicy.AUTO;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--case" -> only = BenchCase.parse(args[++i]);
        case "--steps" -> steps = Integer.parseInt(args[++i]);
        case "--onednn" -> oneDnn = args[++i];
        case "--recompute" -> recompute = RecomputePolicy.parse(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]
            + "; expected --case [maskrcnn-]B,SIZE,BATCH, --steps N, --onednn off|on|both or --recompute auto|true|false");
      }
    }
    if (only instanceof Case c) {
      System.out.println(measure(c, steps, recompute, processStart));
      return;
    }
    if (only instanceof MaskRcnnCase c) {
      System.out.println(measure(c, steps, processStart));
      return;
    }
    System.out.println("oneDNN | case                           | img/s  | step s | GFLOP/step | GFLOP/s | roofline GFLOP/s | ratio | peak RSS MiB | start→1st step s | load+graph+init+1st | ckpt save s | inference img/s | peak RSS after 1st step MiB | Mask R-CNN: share of the step in wait / feed (RPN forward + host)");
    List<String> modes = oneDnn.equals("both") ? List.of("off", "on") : List.of(oneDnn);
    for (String mode : modes) {
      for (BenchCase c : CASES) {
        System.out.printf("%-6s | %s%n", mode, inFreshJvm(c, steps, recompute, mode.equals("on")));
      }
    }
  }

  private static String inFreshJvm(BenchCase c, int steps, RecomputePolicy recompute, boolean oneDnnOn) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    String cache = System.getProperty("org.bytedeco.javacpp.cachedir");
    if (cache != null) {
      command.add("-Dorg.bytedeco.javacpp.cachedir=" + cache);
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), TrainingBenchmark.class.getName(),
        "--case", c.flag(), "--steps", Integer.toString(steps), "--recompute", recompute.flag()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
    NativeEnvironment.applyTo(builder.environment());
    builder.environment().put(NativeEnvironment.ONEDNN.variable(), oneDnnOn ? "1" : "0");
    Process p = builder.start();
    String out = new String(p.getInputStream().readAllBytes()).trim();
    if (p.waitFor() != 0) {
      return c.flag() + ": failed (exit " + p.exitValue() + ")";
    }
    String[] lines = out.split("\n");
    return lines[lines.length - 1];
  }

  /** Seconds from JVM start to the end of the first step, by phase. */
  record StartUp(double loadTensorFlow, double buildGraph, double initialize, double firstStep) {

    double total() {
      return loadTensorFlow + buildGraph + initialize + firstStep;
    }

    String breakdown() {
      return String.format("%.1f+%.1f+%.1f+%.1f", loadTensorFlow, buildGraph, initialize, firstStep);
    }
  }

  /** The row's note on recomputation: none when every segment recomputes. */
  private static String label(Recomputation recomputation) {
    return recomputation.all() ? "" : recomputation.any() ? " part-kept" : " kept";
  }

  static String measure(Case c, int steps, RecomputePolicy policy, long processStart) throws IOException {
    TensorFlow.version();
    long loaded = System.nanoTime();
    RecomputePolicy.Choice choice = c.recomputation(policy);
    Recomputation recomputation = choice.recomputation();
    // A line of its own before the row (the parent keeps only the row): the footprint the choice rests on.
    System.out.println("activations " + choice.reason());
    try (TrainingGraph graph = c.graph(recomputation);
         Session session = SessionSettings.open(graph.graph());
         TFloat32 images = randomImages(c);
         TInt32 labels = randomLabels(c);
         TFloat32 rate = TFloat32.scalarOf(0.001f)) {
      long built = System.nanoTime();
      session.forceInitialize();
      long initialized = System.nanoTime();
      step(session, graph, images, labels, rate);
      long firstStepDone = System.nanoTime();
      long peakAfterFirstStep = peakRssMiB();
      StartUp startUp = new StartUp((loaded - processStart) / 1e9, (built - loaded) / 1e9,
          (initialized - built) / 1e9, (firstStepDone - initialized) / 1e9);
      step(session, graph, images, labels, rate);
      double best = Double.MAX_VALUE;
      double total = 0;
      for (int i = 0; i < steps; i++) {
        long t = System.nanoTime();
        step(session, graph, images, labels, rate);
        double seconds = (System.nanoTime() - t) / 1e9;
        best = Math.min(best, seconds);
        total += seconds;
      }
      double mean = total / steps;
      double stepFlops = 3.0 * graph.forwardFlops();
      double achieved = stepFlops / mean / 1e9;
      double saveSeconds = c.backbone() == BackboneKind.MOBILENETV2 ? checkpointSeconds(session) : Double.NaN;
      double inferenceSeconds = inferenceSeconds(session, graph, images, steps);
      double roofline = Roofline.measure();
      return String.format("%-30s | %6.2f | %6.2f | %10.1f | %7.1f | %16.1f | %5.2f | %12d | %16.1f | %-19s | %-11s | %15.2f | %d",
          "DeepLabv3+ " + c.backbone().contractName() + " " + c.size() + "² b" + c.batch() + label(recomputation),
          c.batch() / mean, mean, stepFlops / 1e9, achieved, roofline, achieved / roofline, peakRssMiB(),
          startUp.total(), startUp.breakdown(), Double.isNaN(saveSeconds) ? "-" : String.format("%.2f", saveSeconds),
          c.batch() / inferenceSeconds, peakAfterFirstStep);
    }
  }

  /** Where a Mask R-CNN step's seconds went: the wait for the batch, {@code feed} (the proposal run and the host work), the training run. */
  record MaskRcnnStepTime(double waiting, double feed, double train) {

    double total() {
      return waiting + feed + train;
    }
  }

  /**
   * The Mask R-CNN row, in the DeepLab rows' columns (no checkpoint save or inference figure), and after them the
   * shares of the mean step spent waiting for the batch and in {@code feed}, the latter split into the RPN's forward
   * run for proposals (timed on its own, the same run {@code feed} makes) and the rest of {@code feed}: proposals,
   * RoI sampling, mask targets and making the fed tensors on the host. GFLOP/s counts 3 × the training tower's
   * forward FLOPs per step, as for DeepLab: the second backbone forward pass for proposals is not counted, so it
   * shows as a lower share.
   */
  static String measure(MaskRcnnCase c, int steps, long processStart) throws IOException, InterruptedException {
    TensorFlow.version();
    long loaded = System.nanoTime();
    try (MaskRcnnTask task = c.task();
         Session session = SessionSettings.open(task.graph().graph());
         TrainingTask.StepBatches batches = task.training(DataPosition.START, Shard.WHOLE);
         TFloat32 rate = TFloat32.scalarOf(0.001f)) {
      MaskRcnnGraph graph = task.graph();
      long built = System.nanoTime();
      session.forceInitialize();
      long initialized = System.nanoTime();
      MaskRcnnStepTime first = step(session, graph, batches, rate);
      long firstStepDone = System.nanoTime();
      // A line of its own before the row (the parent keeps only the row): each of the first step's runs also
      // optimises its graph and creates its kernels.
      System.out.printf("first step %.1f s: wait %.1f s, feed %.1f s, training run %.1f s%n", first.total(), first.waiting(),
          first.feed(), first.train());
      long peakAfterFirstStep = peakRssMiB();
      StartUp startUp = new StartUp((loaded - processStart) / 1e9, (built - loaded) / 1e9,
          (initialized - built) / 1e9, (firstStepDone - initialized) / 1e9);
      step(session, graph, batches, rate);
      double wait = 0;
      double feed = 0;
      double train = 0;
      for (int i = 0; i < steps; i++) {
        MaskRcnnStepTime t = step(session, graph, batches, rate);
        wait += t.waiting() / steps;
        feed += t.feed() / steps;
        train += t.train() / steps;
      }
      MaskRcnnStepTime mean = new MaskRcnnStepTime(wait, feed, train);
      double rpnForward = rpnForwardSeconds(session, graph, c, steps);
      double stepFlops = 3.0 * graph.forwardFlops();
      double achieved = stepFlops / mean.total() / 1e9;
      double roofline = Roofline.measure();
      return String.format("%-30s | %6.2f | %6.2f | %10.1f | %7.1f | %16.1f | %5.2f | %12d | %16.1f | %-19s | %-11s | %15s | %27d"
              + " | wait %.0f%%, feed %.0f%% (RPN forward %.0f%% + host %.0f%%)",
          "Mask R-CNN " + c.backbone().contractName() + "-FPN " + c.size() + "² b" + c.batch(),
          c.batch() / mean.total(), mean.total(), stepFlops / 1e9, achieved, roofline, achieved / roofline, peakRssMiB(),
          startUp.total(), startUp.breakdown(), "-", "-", peakAfterFirstStep,
          100 * mean.waiting() / mean.total(), 100 * mean.feed() / mean.total(), 100 * rpnForward / mean.total(),
          100 * Math.max(0, mean.feed() - rpnForward) / mean.total());
    }
  }

  /** One Mask R-CNN training step as the trainer's loop runs it, timed by part. */
  static MaskRcnnStepTime step(Session session, MaskRcnnGraph graph, TrainingTask.StepBatches batches, TFloat32 rate)
      throws InterruptedException {
    long began = System.nanoTime();
    try (TrainingTask.StepBatch batch = batches.next()) {
      long ready = System.nanoTime();
      Session.Runner runner = batch.feed(session, session.runner());
      long fed = System.nanoTime();
      try (var r = runner.feed(graph.learningRate(), rate).addTarget(graph.trainStep()).fetch(graph.loss()).run()) {
        ((TFloat32) r.get(0)).getFloat();
      }
      long done = System.nanoTime();
      return new MaskRcnnStepTime((ready - began) / 1e9, (fed - ready) / 1e9, (done - fed) / 1e9);
    }
  }

  /** Mean seconds of the run {@code feed} makes for proposals (the RPN's outputs for the batch), after one unmeasured run. */
  private static double rpnForwardSeconds(Session session, MaskRcnnGraph graph, MaskRcnnCase c, int runs) {
    double total = 0;
    try (TFloat32 images = randomImages(c.size(), c.batch())) {
      for (int i = 0; i <= runs; i++) {
        Session.Runner runner = session.runner().feed(graph.images(), images);
        graph.rpnScores().values().forEach(runner::fetch);
        graph.rpnBoxes().values().forEach(runner::fetch);
        long t = System.nanoTime();
        try (var r = runner.run()) {
          if (i > 0) {
            total += (System.nanoTime() - t) / 1e9;
          }
        }
      }
    }
    return total / runs;
  }

  /** Mean seconds of an inference-tower run on the batch (as evaluation and the SavedModel run it), after one unmeasured run. */
  private static double inferenceSeconds(Session session, TrainingGraph graph, TFloat32 images, int runs) {
    double total = 0;
    for (int i = 0; i <= runs; i++) {
      long t = System.nanoTime();
      try (var r = session.runner().feed(graph.inferenceImages(), images).fetch(graph.inferenceClasses()).run()) {
        if (i > 0) {
          total += (System.nanoTime() - t) / 1e9;
        }
      }
    }
    return total / runs;
  }

  static void step(Session session, TrainingGraph graph, TFloat32 images, TInt32 labels, TFloat32 rate) {
    try (var r = stepRunner(session, graph, images, labels, rate).run()) {
      ((TFloat32) r.get(0)).getFloat();
    }
  }

  /** One training step on the given batch, fetching the loss. */
  static Session.Runner stepRunner(Session session, TrainingGraph graph, TFloat32 images, TInt32 labels, TFloat32 rate) {
    return session.runner().feed(graph.images(), images).feed(graph.labels(), labels)
        .feed(graph.learningRate(), rate).addTarget(graph.trainStep()).fetch(graph.loss());
  }

  /** A complete checkpoint write as the trainer does it (variables, digests, fsync, commit marker). */
  private static double checkpointSeconds(Session session) throws IOException {
    Path dir = Files.createTempDirectory("segtpu-bench-ckpt");
    CheckpointDirectory checkpoints = new CheckpointDirectory(dir, 1, 1);
    checkpoints.claim();
    long t = System.nanoTime();
    checkpoints.save(new CheckpointMetadata(1, 1, 0, 0, 0.001, 0, "", Map.of()), prefix -> session.save(prefix.toString()));
    double seconds = (System.nanoTime() - t) / 1e9;
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    return seconds;
  }

  static TFloat32 randomImages(Case c) {
    return randomImages(c.size(), c.batch());
  }

  static TFloat32 randomImages(int size, int batch) {
    Random random = new Random(1);
    float[] pixels = new float[batch * size * size * 3];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = 255f * random.nextFloat();
    }
    return HostArrays.tensor(Shape.of(batch, size, size, 3), pixels);
  }

  static TInt32 randomLabels(Case c) {
    Random random = new Random(2);
    int[] labels = new int[c.batch() * c.size() * c.size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = random.nextInt(21);
    }
    return HostArrays.tensor(Shape.of(c.batch(), c.size(), c.size()), labels);
  }

  /** VmHWM from /proc: the process's peak resident set (the JVM and TensorFlow's native memory). */
  private static long peakRssMiB() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
      }
    }
    return -1;
  }
}
