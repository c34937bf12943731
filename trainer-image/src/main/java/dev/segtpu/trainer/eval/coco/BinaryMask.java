package dev.segtpu.trainer.eval.coco;

import java.util.Arrays;

/**
 * An object's pixels on its image, row-major, {@code true} inside. A dense mask rather than COCO's RLE: our
 * model predicts dense masks, and counting pixels gives exactly the counts that pycocotools' RLE walk gives.
 */
public final class BinaryMask {

  private final int width;
  private final int height;
  private final boolean[] pixels;
  private final int area;

  /** Copies {@code pixels} (index {@code y * width + x}) so the mask cannot change under an evaluation. */
  public BinaryMask(int width, int height, boolean[] pixels) {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("empty mask " + width + "x" + height);
    }
    if (pixels.length != width * height) {
      throw new IllegalArgumentException(pixels.length + " pixels do not make a " + width + "x" + height + " mask");
    }
    this.width = width;
    this.height = height;
    this.pixels = Arrays.copyOf(pixels, pixels.length);
    int count = 0;
    for (boolean pixel : pixels) {
      if (pixel) {
        count++;
      }
    }
    this.area = count;
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  /** Pixels inside: maskUtils.area, which loadRes stores as a segmentation detection's area. */
  public int area() {
    return area;
  }

  /** Pixels inside both masks; they must cover the same image. */
  int intersection(BinaryMask other) {
    if (other.width != width || other.height != height) {
      throw new IllegalArgumentException(
          "masks of one image differ in size: " + width + "x" + height + " and " + other.width + "x" + other.height);
    }
    int count = 0;
    for (int i = 0; i < pixels.length; i++) {
      if (pixels[i] && other.pixels[i]) {
        count++;
      }
    }
    return count;
  }
}
