package dev.segtpu.trainer.input;

/**
 * Endless stream of batches, deterministic given (seed, epoch, position): opening a source at the
 * position a checkpoint recorded yields exactly the batches the uninterrupted run would have seen.
 */
public interface BatchSource extends AutoCloseable {

  /** Blocks until the next batch is ready (prefetched in the background). */
  Batch next() throws InterruptedException;

  /** Number of examples in one epoch. */
  long examplesPerEpoch();

  @Override
  void close();
}
