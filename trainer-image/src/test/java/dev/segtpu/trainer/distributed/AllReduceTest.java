package dev.segtpu.trainer.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
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

  public static int freePortBlock(int size) throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      int base;
      try (ServerSocket socket = new ServerSocket(0)) {
        base = socket.getLocalPort();
      }
      if (base + size < 65535 && java.util.stream.IntStream.range(1, size).allMatch(i -> free(base + i))) {
        return base;
      }
    }
    throw new IOException("no block of " + size + " free ports");
  }

  private static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket(port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void twoWorkersEachGetTheSumOfBothVectors() throws Exception {
    int port = freePortBlock(2);
    Process a = worker(0, 2, port, 60, 3, logs.resolve("w0.log"));
    Process b = worker(1, 2, port, 60, 3, logs.resolve("w1.log"));
    assertThat(a.waitFor(120, TimeUnit.SECONDS)).as(Files.readString(logs.resolve("w0.log"))).isTrue();
    assertThat(b.waitFor(120, TimeUnit.SECONDS)).as(Files.readString(logs.resolve("w1.log"))).isTrue();
    for (String log : List.of("w0.log", "w1.log")) {
      String out = Files.readString(logs.resolve(log));
      assertThat(out).as(out).contains("RESULT 2 [3.0, 30.0, 1.0]").contains("DONE");
    }
  }
}
