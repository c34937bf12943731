package dev.segtpu.trainer.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The all-reduced step is the single-process step over the union batch: for a model without batch
 * statistics, two workers each training on half a batch end with the weights one process gets from the
 * whole batch, to float rounding (the mean of two half-batch means is summed in another order).
 */
class StepEquivalenceTest {

  /** Absolute difference allowed between the two ways of summing, after three steps at learning rate 0.5. */
  static final float TOLERANCE = 1e-5f;

  @TempDir
  Path dir;

  private Process probe(String who, int port, Path out) throws IOException {
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
        "-Dorg.bytedeco.javacpp.cachedir=" + System.getProperty("org.bytedeco.javacpp.cachedir", "target/javacpp-cache"),
        "-cp", System.getProperty("java.class.path"), StepEquivalenceProbe.class.getName(), who, Integer.toString(port),
        out.toString());
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve(who + ".log").toFile()).start();
  }

  private static float[] read(Path file) throws IOException {
    List<Float> values = new ArrayList<>();
    try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
      while (true) {
        try {
          values.add(in.readFloat());
        } catch (EOFException end) {
          break;
        }
      }
    }
    float[] result = new float[values.size()];
    for (int i = 0; i < result.length; i++) {
      result[i] = values.get(i);
    }
    return result;
  }

  @Test
  void twoWorkersOnHalfABatchEachEndWithTheWeightsOfOneProcessOnTheWholeBatch() throws Exception {
    int port = LocalPortBlock.reserve(2);
    List<String> who = List.of("single", "half", "0", "1");
    List<Process> processes = new ArrayList<>();
    for (String name : who) {
      processes.add(probe(name, port, dir.resolve(name + ".bin")));
    }
    for (int i = 0; i < who.size(); i++) {
      assertThat(processes.get(i).waitFor(2, TimeUnit.MINUTES)).isTrue();
      assertThat(processes.get(i).exitValue()).as(Files.readString(dir.resolve(who.get(i) + ".log"))).isZero();
    }
    float[] single = read(dir.resolve("single.bin"));
    float[] half = read(dir.resolve("half.bin"));
    float[] w0 = read(dir.resolve("0.bin"));
    float[] w1 = read(dir.resolve("1.bin"));

    assertThat(w0).as("replicas hold bit-identical weights").containsExactly(w1);
    assertThat(w0).hasSameSizeAs(single);
    assertThat(largestDifference(single, w0)).as("largest difference from the single-process step").isLessThanOrEqualTo(TOLERANCE);
    assertThat(largestDifference(single, half)).as("training on half the batch alone ends elsewhere: the check can fail")
        .isGreaterThan(100 * TOLERANCE);
  }

  private static float largestDifference(float[] a, float[] b) {
    float worst = 0;
    for (int i = 0; i < a.length; i++) {
      worst = Math.max(worst, Math.abs(a[i] - b[i]));
    }
    return worst;
  }
}
