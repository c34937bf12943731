package dev.segtpu.trainer.input.augment;

import dev.segtpu.trainer.input.SegmentationExample;
import java.util.Arrays;

/**
 * Slot {@code slot} of a batch being filled: a {@code size}×{@code size} window of the NHWC image array
 * and the NHW label array.
 */
public record CropTarget(float[] images, int[] labels, int slot, int size) {

  /**
   * Value of padded image pixels: the mean pixel of the reference's Inception-style preprocessing
   * (127.5 per channel), so padding becomes zero once the model normalizes to [-1, 1].
   */
  public static final float PAD_PIXEL = 127.5f;

  int imageOffset() {
    return slot * size * size * 3;
  }

  int labelOffset() {
    return slot * size * size;
  }

  /** Marks the whole slot as padding (used for the rest of the last evaluation batch). */
  public void fillPadding() {
    Arrays.fill(images, imageOffset(), imageOffset() + size * size * 3, PAD_PIXEL);
    Arrays.fill(labels, labelOffset(), labelOffset() + size * size, SegmentationExample.IGNORE_LABEL);
  }
}
