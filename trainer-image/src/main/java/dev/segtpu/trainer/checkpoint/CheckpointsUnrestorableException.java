package dev.segtpu.trainer.checkpoint;

/**
 * Committed checkpoints exist but none restores (exit code 5). Raised instead of starting from step 0,
 * which would silently throw away the training and let keep-N delete the damaged checkpoints, the only
 * evidence of what went wrong. The message names the directory and each checkpoint's damage.
 */
public final class CheckpointsUnrestorableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public CheckpointsUnrestorableException(String message) {
    super(message);
  }
}
