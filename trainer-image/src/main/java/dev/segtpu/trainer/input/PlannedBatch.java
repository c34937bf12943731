package dev.segtpu.trainer.input;

import java.util.SplittableRandom;

/**
 * Which examples make up one batch, before any decoding.
 *
 * @param epoch epoch of the first example
 * @param position position of the first example in that epoch's order
 * @param examples one entry per slot
 */
record PlannedBatch(long epoch, long position, PlannedExample[] examples) {

  /**
   * @param epoch the epoch this example is drawn in (seeds its augmentation)
   * @param index dataset index, or {@link #PADDING} for a slot that only pads a short last batch
   */
  record PlannedExample(long epoch, int index) {

    static final int PADDING = -1;

    private static final long AUGMENTATION_STREAM = 0x6175676dL; // "augm"

    boolean isPadding() {
      return index == PADDING;
    }

    /**
     * The randomness this example's augmentation draws from: it depends on (seed, epoch, example) only, so
     * it is independent of batch size, threads, workers and the resume point.
     */
    SplittableRandom augmentationRandom(long seed) {
      return new SplittableRandom(SeedMix.of(seed, AUGMENTATION_STREAM, epoch, index));
    }
  }
}
