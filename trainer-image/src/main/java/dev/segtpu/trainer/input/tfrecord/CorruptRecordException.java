package dev.segtpu.trainer.input.tfrecord;

import dev.segtpu.trainer.input.DataException;
import java.nio.file.Path;

/**
 * A record that cannot be read as written: names the file and the byte offset of the record. The fix is
 * on the data side (re-copy or regenerate the file, or point the pattern at the right files); the
 * trainer must not skip the record, or resumed runs would no longer see the same examples. A data error
 * (exit 4): retrying reads the same bytes.
 */
public class CorruptRecordException extends DataException {

  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final long offset;

  public CorruptRecordException(Path file, long offset, String problem) {
    this(file, offset, problem, null);
  }

  public CorruptRecordException(Path file, long offset, String problem, Throwable cause) {
    super(file + " at byte offset " + offset + ": " + problem, cause);
    this.file = file;
    this.offset = offset;
  }

  public Path file() {
    return file;
  }

  public long offset() {
    return offset;
  }
}
