package dev.segtpu.trainer.eval.coco;

/** Rectangular masks for tests, whose pixel counts can be checked by hand. */
final class Masks {

  private Masks() {}

  /** A width×height mask whose pixels with x0 ≤ x < x1 and y0 ≤ y < y1 are inside. */
  static BinaryMask rectangle(int width, int height, int x0, int y0, int x1, int y1) {
    boolean[] pixels = new boolean[width * height];
    for (int y = y0; y < y1; y++) {
      for (int x = x0; x < x1; x++) {
        pixels[y * width + x] = true;
      }
    }
    return new BinaryMask(width, height, pixels);
  }
}
