package dev.segtpu.trainer.input;

/**
 * The dataset cannot be used: its directory is missing, a file pattern matches nothing, or a record is
 * corrupt or malformed. The trainer exits with code 4 so the operator fails the job at once instead of
 * retrying it on paid accelerator time: the next attempt would read the same files and fail the same way.
 * The message names the file (or directory and pattern) and what is wrong with it.
 */
public class DataException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public DataException(String message) {
    super(message);
  }

  public DataException(String message, Throwable cause) {
    super(message, cause);
  }
}
