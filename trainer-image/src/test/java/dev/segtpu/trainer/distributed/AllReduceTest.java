package dev.segtpu.trainer.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TensorFlow's collective all-reduce across worker processes, through TensorFlow Java. */
public class AllReduceTest {

  @TempDir
  Path logs;

  static Process worker(int worker, int count, int port, int timeout, int rounds, Path log) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
        "-Dorg.bytedeco.javacpp.cachedir=" + System.getProperty("org.bytedeco.javacpp.cachedir", "target/javacpp-cache"),
        "-cp", System.getProperty("java.class.path"), AllReduceProbe.class.getName(),
        Integer.toString(worker), Integer.toString(count), Integer.toString(port), Integer.toString(timeout),
        Integer.toString(rounds)));
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  @Test
  void twoWorkersEachGetTheSumOfBothVectors() throws Exception {
    int port = LocalPortBlock.reserve(2);
    Process a = worker(0, 2, port, 60, 3, logs.resolve("w0.log"));
    Process b = worker(1, 2, port, 60, 3, logs.resolve("w1.log"));
    assertThat(a.waitFor(120, TimeUnit.SECONDS)).as(Files.readString(logs.resolve("w0.log"))).isTrue();
    assertThat(b.waitFor(120, TimeUnit.SECONDS)).as(Files.readString(logs.resolve("w1.log"))).isTrue();
    for (String log : List.of("w0.log", "w1.log")) {
      String out = Files.readString(logs.resolve(log));
      assertThat(out).as(out).contains("RESULT 2 [3.0, 30.0, 1.0]").contains("DONE");
    }
  }

  private static Process digestWorker(int worker, int port, String digest, Path log) throws IOException {
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
        "-Dorg.bytedeco.javacpp.cachedir=" + System.getProperty("org.bytedeco.javacpp.cachedir", "target/javacpp-cache"),
        "-cp", System.getProperty("java.class.path"), DigestProbe.class.getName(), Integer.toString(worker),
        Integer.toString(port), digest);
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  private String compare(String first, String second) throws Exception {
    int port = LocalPortBlock.reserve(2);
    Process a = digestWorker(0, port, first, logs.resolve("d0.log"));
    Process b = digestWorker(1, port, second, logs.resolve("d1.log"));
    assertThat(a.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(b.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out0 = Files.readString(logs.resolve("d0.log"));
    String out1 = Files.readString(logs.resolve("d1.log"));
    assertThat(out0.contains("SAME true")).as(out0 + out1).isEqualTo(out1.contains("SAME true"));
    return out0;
  }

  @Test
  void workersWithDifferentWeightDigestsBothLearnTheyDifferAndWithEqualOnesBothLearnTheyAgree() throws Exception {
    String digest = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    String other = "9f86d081884c7d669a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    assertThat(compare(digest, digest)).contains("SAME true");
    assertThat(compare(digest, other)).as("one bit apart in the compared part").contains("SAME false");
  }
}
