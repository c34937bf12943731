package dev.segtpu.trainer.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One JSON line per completed step in {@code steps.jsonl} of the checkpoint directory: machine-readable
 * losses that survive restarts (a resumed attempt appends; a step redone after a crash appears again
 * with the later attempt number).
 */
public final class StepLog implements AutoCloseable {

  public static final String FILE = "steps.jsonl";

  /** One line. The loss is the float TensorFlow returned, printed so it parses back to the same bits. */
  public record Entry(long step, int attempt, long epoch, long position, float loss, double learningRate) {}

  private final ObjectMapper json = new ObjectMapper();
  private final Writer out;

  public StepLog(Path checkpointDir) {
    try {
      out = Files.newBufferedWriter(checkpointDir.resolve(FILE), StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the step log in " + checkpointDir, e);
    }
  }

  public void append(Entry entry) {
    try {
      out.write(json.writeValueAsString(entry));
      out.write('\n');
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the step log", e);
    }
  }

  @Override
  public void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
