package dev.segtpu.trainer.bench;

import dev.segtpu.trainer.dataset.WriteSyntheticVocRecords;
import dev.segtpu.trainer.input.Batch;
import dev.segtpu.trainer.input.BatchSource;
import dev.segtpu.trainer.input.BatchSources;
import dev.segtpu.trainer.input.InputSpec;
import dev.segtpu.trainer.input.augment.CropTarget;
import dev.segtpu.trainer.input.augment.TrainingAugmentation;
import dev.segtpu.trainer.input.voc.VocTfRecordDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How fast the VOC input pipeline delivers examples at the reference crop size, next to the time a
 * training step has: decoding alone and decoding + augmentation on one thread, then the prefetching
 * source the trainer uses, consumed as fast as it produces.
 */
@Command(name = "input-benchmark", mixinStandardHelpOptions = true,
    description = "Examples/s of the VOC TFRecord reader + augmentation vs the time budget of a training step.")
public final class InputBenchmark implements Callable<Integer> {

  @Option(names = "--data-dir", description = "VOC TFRecords to read (default: generate VOC-sized synthetic JPEG shards)")
  Path dataDir;

  @Option(names = "--pattern", defaultValue = "train-*.tfrecord", description = "glob under --data-dir (default: ${DEFAULT-VALUE})")
  String pattern;

  @Option(names = "--examples", defaultValue = "64", description = "examples to generate (default: ${DEFAULT-VALUE})")
  int examples;

  @Option(names = "--crop", defaultValue = "513", description = "crop size (default: ${DEFAULT-VALUE})")
  int crop;

  @Option(names = "--batch", defaultValue = "4", description = "batch size (default: ${DEFAULT-VALUE})")
  int batch;

  @Option(names = "--classes", defaultValue = "21", description = "classes (default: ${DEFAULT-VALUE})")
  int classes;

  @Option(names = "--seconds", defaultValue = "8", description = "time per measurement (default: ${DEFAULT-VALUE})")
  double seconds;

  @Option(names = "--step-seconds",
      description = "measured time of one training step at this batch and crop (e.g. from the model benchmark)")
  Double stepSeconds;

  public static void main(String[] args) {
    System.exit(new CommandLine(new InputBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path generated = null;
    if (dataDir == null) {
      generated = Files.createTempDirectory("segtpu-input-bench");
      dataDir = generated;
      new CommandLine(new WriteSyntheticVocRecords()).execute("--output", generated.toString(),
          "--examples", Integer.toString(examples), "--shards", "4", "--height", "375", "--width", "500",
          "--classes", Integer.toString(classes));
    }
    try {
      run();
    } finally {
      if (generated != null) {
        deleteTree(generated);
      }
    }
    return 0;
  }

  private void run() throws InterruptedException {
    System.out.printf("input benchmark: crop %d, batch %d, %d cores, data %s/%s%n",
        crop, batch, Runtime.getRuntime().availableProcessors(), dataDir, pattern);
    double decodeRate;
    double augmentRate;
    try (VocTfRecordDataset dataset = VocTfRecordDataset.open(dataDir, pattern, classes)) {
      decodeRate = rate(index -> dataset.example(index % dataset.size()));
      TrainingAugmentation augmentation = new TrainingAugmentation();
      float[] images = new float[crop * crop * 3];
      int[] labels = new int[crop * crop];
      augmentRate = rate(index -> augmentation.apply(dataset.example(index % dataset.size()),
          new SplittableRandom(index), new CropTarget(images, labels, 0, crop)));
    }
    System.out.printf("  read + CRC + parse + decode, 1 thread:        %8.1f examples/s%n", decodeRate);
    System.out.printf("  ... + scale/pad/crop/flip to %d², 1 thread:   %8.1f examples/s%n", crop, augmentRate);
    double sourceRate = prefetchingSourceRate();
    double batchSeconds = batch / sourceRate;
    System.out.printf("  prefetching BatchSource (trainer's path):    %8.1f examples/s = %.3f s per batch of %d%n",
        sourceRate, batchSeconds, batch);
    if (stepSeconds != null) {
      System.out.printf("  training step budget: %.3f s per batch -> input needs %.0f%% of it; %s%n",
          stepSeconds, 100 * batchSeconds / stepSeconds,
          batchSeconds < stepSeconds ? "input keeps up (prefetch hides it)" : "INPUT-BOUND: the step would wait");
    } else {
      System.out.printf("  input keeps up with any training step slower than %.3f s at batch %d "
          + "(pass --step-seconds to compare with a measured step)%n", batchSeconds, batch);
    }
    System.out.println("  note: on a shared CPU the input workers compete with TensorFlow's threads for the same cores");
  }

  private double prefetchingSourceRate() throws InterruptedException {
    InputSpec spec = InputSpec.vocTfRecord(dataDir, pattern, crop, batch, 1, classes);
    try (BatchSource source = BatchSources.training(spec, 0, 0)) {
      source.next(); // warm-up: fill the prefetch queue once
      long start = System.nanoTime();
      long deadline = start + (long) (seconds * 1e9);
      long delivered = 0;
      while (System.nanoTime() < deadline) {
        Batch next = source.next();
        delivered += next.size();
      }
      return delivered / ((System.nanoTime() - start) / 1e9);
    }
  }

  /** Examples per second of {@code work} run back to back on this thread, after a short warm-up. */
  private double rate(ExampleWork work) {
    for (int i = 0; i < 4; i++) {
      work.run(i);
    }
    long start = System.nanoTime();
    long deadline = start + (long) (seconds * 1e9);
    int done = 0;
    while (System.nanoTime() < deadline) {
      work.run(done++);
    }
    return done / ((System.nanoTime() - start) / 1e9);
  }

  private static void deleteTree(Path root) throws java.io.IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  @FunctionalInterface
  private interface ExampleWork {
    void run(int index);
  }
}
