package dev.segtpu.trainer.input.coco;

/**
 * An object's box in pixel edges: x0, y0 the top-left corner, x1, y1 the bottom-right one, so a box around
 * pixel columns 3..5 is x0 = 3, x1 = 6 (COCO's [x, y, w, h] with w = 3). Records store it divided by the
 * image width and height.
 */
public record PixelBox(double x0, double y0, double x1, double y1) {

  /** The tight box of a mask's true pixels (row-major, {@code width} a row), as COCO derives it. */
  public static PixelBox around(boolean[] mask, int width) {
    int left = Integer.MAX_VALUE;
    int top = Integer.MAX_VALUE;
    int right = -1;
    int bottom = -1;
    for (int i = 0; i < mask.length; i++) {
      if (mask[i]) {
        int x = i % width;
        int y = i / width;
        left = Math.min(left, x);
        right = Math.max(right, x);
        top = Math.min(top, y);
        bottom = Math.max(bottom, y);
      }
    }
    if (right < 0) {
      throw new IllegalArgumentException("an empty mask has no box");
    }
    return new PixelBox(left, top, right + 1, bottom + 1);
  }
}
