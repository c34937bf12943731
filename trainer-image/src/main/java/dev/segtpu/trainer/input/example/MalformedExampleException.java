package dev.segtpu.trainer.input.example;

/** An Example whose features are missing, inconsistent or undecodable; the caller adds file and offset. */
public class MalformedExampleException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public MalformedExampleException(String message) {
    super(message);
  }

  public MalformedExampleException(String message, Throwable cause) {
    super(message, cause);
  }
}
