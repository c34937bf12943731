package dev.segtpu.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real kubectl binary pointed at the sandbox's kubeconfig, as a user would run it. */
public final class Kubectl {

  /** What one kubectl run printed and how it exited. */
  public record Result(int exit, String out, String err) {}

  private final Path kubeconfig;

  public Kubectl(Path kubeconfig) {
    this.kubeconfig = kubeconfig;
  }

  /** Whether a kubectl binary is on PATH. */
  public static boolean available() {
    try {
      return new ProcessBuilder("kubectl", "version", "--client").redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Starts {@code kubectl --kubeconfig <sandbox> args…} and reads its output line by line until
   * {@code enough} says so or {@code limit} passes, then stops it: for the verbs that stream ({@code get
   * -w}, {@code logs -f}).
   *
   * @return the lines read, in order
   */
  public List<String> streamUntil(java.time.Duration limit, java.util.function.Predicate<List<String>> enough, String... args)
      throws InterruptedException {
    List<String> command = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
    command.addAll(List.of(args));
    List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run kubectl", e);
    }
    Thread reader = new Thread(() -> {
      try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(),
          java.nio.charset.StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          lines.add(line);
        }
      } catch (IOException e) {
        // kubectl was stopped
      }
    }, "kubectl-stream");
    reader.setDaemon(true);
    reader.start();
    long deadline = System.nanoTime() + limit.toNanos();
    try {
      while (System.nanoTime() < deadline && !enough.test(List.copyOf(lines)) && (process.isAlive() || reader.isAlive())) {
        Thread.sleep(100);
      }
    } finally {
      process.destroy();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      reader.join(5000);
    }
    return List.copyOf(lines);
  }

  /** Runs {@code kubectl --kubeconfig <sandbox> args…}; gives up after 90 s. */
  public Result run(String... args) throws InterruptedException {
    List<String> command = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
    command.addAll(List.of(args));
    try {
      // Output goes to files, so a long answer can never block kubectl on a full pipe.
      Path out = Files.createTempFile("kubectl", ".out");
      Path err = Files.createTempFile("kubectl", ".err");
      try {
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new IllegalStateException("kubectl " + String.join(" ", args) + " did not finish within 90 s");
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run kubectl", e);
    }
  }
}
