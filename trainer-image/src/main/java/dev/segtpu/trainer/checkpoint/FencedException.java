package dev.segtpu.trainer.checkpoint;

/** A newer attempt owns the checkpoint directory: this attempt must not write (exit code 3). */
public final class FencedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public FencedException(String message) {
    super(message);
  }
}
