package dev.segtpu.trainer.eval.coco;

/**
 * An axis-aligned box in pixels, COCO's {@code [x, y, width, height]} with (x, y) the top-left corner.
 */
public record Box(double x, double y, double width, double height) {

  public Box {
    if (!Double.isFinite(x) || !Double.isFinite(y) || !Double.isFinite(width) || !Double.isFinite(height)) {
      throw new IllegalArgumentException("box coordinates must be finite: " + x + ", " + y + ", " + width + ", " + height);
    }
    if (width < 0 || height < 0) {
      throw new IllegalArgumentException("box size must not be negative: " + width + "x" + height);
    }
  }

  /** width × height: what pycocotools' loadRes stores as a box detection's area. */
  public double area() {
    return width * height;
  }
}
