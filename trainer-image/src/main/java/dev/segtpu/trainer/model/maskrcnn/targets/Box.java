package dev.segtpu.trainer.model.maskrcnn.targets;

/**
 * An axis-aligned box {@code (ymin, xmin, ymax, xmax)} in pixels, the reference's coordinate order throughout
 * ({@code box_utils.py}). Height and width here are the plain differences, as its IoU computes them; the box
 * coder's pixel-inclusive {@code +1} sizes belong to {@link BoxCoder} alone.
 */
public record Box(double ymin, double xmin, double ymax, double xmax) {

  public double height() {
    return ymax - ymin;
  }

  public double width() {
    return xmax - xmin;
  }

  public double area() {
    return height() * width();
  }
}
