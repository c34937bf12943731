package dev.segtpu.trainer.input;

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

    boolean isPadding() {
      return index == PADDING;
    }
  }
}
