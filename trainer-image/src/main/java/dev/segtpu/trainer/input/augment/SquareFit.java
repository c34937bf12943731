package dev.segtpu.trainer.input.augment;

/**
 * How an image fits a {@code size}×{@code size} square with its aspect ratio kept, as the Mask R-CNN
 * reference's resize_crop_pad without scale jitter: the long side becomes {@code size}, the short side
 * its rounded share, and the rest (bottom or right) is padding.
 *
 * @param scale output pixels per source pixel; boxes scale by it, and dividing detections by it maps them
 *     back to the original image for COCO evaluation
 */
record SquareFit(int size, double scale, int scaledHeight, int scaledWidth) {

  static SquareFit of(int height, int width, int size) {
    double scale = size / (double) Math.max(height, width);
    return new SquareFit(size, scale, scaledLength(height, scale, size), scaledLength(width, scale, size));
  }

  private static int scaledLength(int length, double scale, int size) {
    return (int) Math.max(1, Math.min(size, Math.round(length * scale)));
  }
}
