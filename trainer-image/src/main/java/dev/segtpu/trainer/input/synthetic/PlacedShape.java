package dev.segtpu.trainer.input.synthetic;

import java.util.SplittableRandom;
import java.util.function.IntConsumer;

/**
 * A shape at a random place, size and rotation in an image: drawn once, then walked pixel by pixel. Both
 * synthetic generators (VOC class masks, COCO instance masks) place their objects this way.
 */
record PlacedShape(Shape shape, int centerX, int centerY, int extent, double rotation) {

  /** Sizes from an eighth to nearly half the shorter side, centres anywhere (objects may leave the frame). */
  static PlacedShape random(SplittableRandom random, int height, int width, Shape... shapes) {
    Shape shape = shapes[random.nextInt(shapes.length)];
    int shorter = Math.min(height, width);
    int extent = Math.max(4, shorter / 8 + random.nextInt(Math.max(1, shorter / 3)));
    int centerY = random.nextInt(height);
    int centerX = random.nextInt(width);
    double rotation = random.nextDouble(2 * Math.PI);
    return new PlacedShape(shape, centerX, centerY, extent, rotation);
  }

  /** Calls {@code pixel} with the row-major index of every covered pixel inside the image, in row order. */
  void forEachPixel(int height, int width, IntConsumer pixel) {
    int top = Math.max(0, centerY - extent);
    int bottom = Math.min(height - 1, centerY + extent);
    int left = Math.max(0, centerX - extent);
    int right = Math.min(width - 1, centerX + extent);
    for (int y = top; y <= bottom; y++) {
      for (int x = left; x <= right; x++) {
        if (shape.contains(x - centerX, y - centerY, extent, rotation)) {
          pixel.accept(y * width + x);
        }
      }
    }
  }
}
