package dev.segtpu.trainer.model.maskrcnn.targets;

import java.util.ArrayList;
import java.util.List;

/**
 * The multilevel anchors of the reference ({@code anchors.py}, {@code _generate_anchor_boxes}) with its default
 * configuration: levels 2 to 6 (P2-P6), stride {@code 2^level}, {@code anchor_scale 8} (base size {@code 8 ×
 * stride}), {@code num_scales 1} (one size per level) and the three {@link #ASPECT_RATIOS}. Anchor centres are
 * at {@code stride / 2 + i × stride} ({@code np.arange(stride / 2, size, stride)}); the list is level-major,
 * then row, column and shape, the order the RPN head's outputs are flattened in.
 *
 * @param levels where each level's anchors sit in {@code boxes}
 * @param boxes all anchors, level-major, then row, column and shape
 */
public record Anchors(int imageHeight, int imageWidth, List<AnchorLevel> levels, List<Box> boxes) {

  public static final int MIN_LEVEL = 2;
  public static final int MAX_LEVEL = 6;
  public static final double ANCHOR_SCALE = 8.0;
  public static final List<AspectRatio> ASPECT_RATIOS =
      List.of(new AspectRatio(1.0, 1.0), new AspectRatio(1.4, 0.7), new AspectRatio(0.7, 1.4));

  /**
   * The anchors of an input of this size, which must be a multiple of the coarsest stride {@code 2^6} as the
   * reference requires (its padding in {@code resize_and_pad} guarantees it).
   */
  public static Anchors forImage(int height, int width) {
    int coarsest = 1 << MAX_LEVEL;
    if (height <= 0 || width <= 0 || height % coarsest != 0 || width % coarsest != 0) {
      throw new IllegalArgumentException(
          "image size " + height + "x" + width + " must be a positive multiple of " + coarsest);
    }
    List<AnchorLevel> levels = new ArrayList<>();
    List<Box> boxes = new ArrayList<>();
    for (int level = MIN_LEVEL; level <= MAX_LEVEL; level++) {
      int stride = 1 << level;
      AnchorLevel at =
          new AnchorLevel(level, height / stride, width / stride, ASPECT_RATIOS.size(), boxes.size());
      levels.add(at);
      double base = ANCHOR_SCALE * stride;
      for (int row = 0; row < at.gridHeight(); row++) {
        double centreY = stride / 2.0 + row * stride;
        for (int column = 0; column < at.gridWidth(); column++) {
          double centreX = stride / 2.0 + column * stride;
          for (AspectRatio ratio : ASPECT_RATIOS) {
            double halfHeight = base * ratio.heightFactor() / 2.0;
            double halfWidth = base * ratio.widthFactor() / 2.0;
            boxes.add(
                new Box(centreY - halfHeight, centreX - halfWidth, centreY + halfHeight, centreX + halfWidth));
          }
        }
      }
    }
    return new Anchors(height, width, List.copyOf(levels), List.copyOf(boxes));
  }

  public int count() {
    return boxes.size();
  }
}
