package dev.segtpu.trainer.input.augment;

/**
 * Where a batch slot's pixels come from: the example rescaled to {@code scaledHeight}×{@code scaledWidth},
 * the window's top-left corner in that rescaled image (negative or overhanging = padding), and whether the
 * window is mirrored.
 */
record CropWindow(int scaledHeight, int scaledWidth, int top, int left, boolean flip) {}
