package dev.segtpu.sandbox.cli;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the log lines of the operator, the kubelet and the API server go during {@code sandbox run}:
 * a file by default, so the terminal shows only the run's own progress lines and summary, or the
 * terminal itself with {@code --verbose}. They all log through SLF4J's simple logger, which writes to
 * whatever {@code System.err} is at the time of each line, so redirecting it catches every one.
 */
final class RunLog implements AutoCloseable {

  private final PrintStream previous;
  private final PrintStream file;
  private final Path path;

  private RunLog(PrintStream previous, PrintStream file, Path path) {
    this.previous = previous;
    this.file = file;
    this.path = path;
  }

  /** Log lines stay on the terminal. */
  static RunLog live() {
    return new RunLog(null, null, null);
  }

  /** Log lines go to {@code path} until {@link #close}. */
  static RunLog toFile(Path path) throws IOException {
    PrintStream file = new PrintStream(new FileOutputStream(path.toFile(), true), true, StandardCharsets.UTF_8);
    PrintStream previous = System.err;
    System.setErr(file);
    return new RunLog(previous, file, path);
  }

  /** The file the log lines go to; empty when they are shown live. */
  Optional<Path> path() {
    return Optional.ofNullable(path);
  }

  @Override
  public void close() {
    if (file != null) {
      System.setErr(previous);
      file.close();
    }
  }
}
