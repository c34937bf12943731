package dev.segtpu.trainer.model.maskrcnn.targets;

import java.util.List;

/**
 * Overlap and clipping of {@link Box}es as the reference computes them: IoU as {@code
 * region_similarity_calculator.IouSimilarity} and {@code box_utils.bbox_overlap} (no {@code +1} in the areas;
 * an empty union gives 0 instead of the reference's {@code 1e-8} guard), clipping as {@code
 * box_utils.clip_boxes} (every coordinate into {@code [0, size - 1]}).
 */
public final class Boxes {

  private Boxes() {}

  public static double iou(Box a, Box b) {
    double height = Math.min(a.ymax(), b.ymax()) - Math.max(a.ymin(), b.ymin());
    double width = Math.min(a.xmax(), b.xmax()) - Math.max(a.xmin(), b.xmin());
    double intersection = Math.max(height, 0) * Math.max(width, 0);
    double union = a.area() + b.area() - intersection;
    return union > 0 ? intersection / union : 0;
  }

  /** {@code iou[i][j]} is the IoU of {@code rows.get(i)} and {@code columns.get(j)}. */
  public static double[][] iou(List<Box> rows, List<Box> columns) {
    double[][] iou = new double[rows.size()][columns.size()];
    for (int i = 0; i < iou.length; i++) {
      for (int j = 0; j < iou[i].length; j++) {
        iou[i][j] = iou(rows.get(i), columns.get(j));
      }
    }
    return iou;
  }

  public static Box clip(Box box, int height, int width) {
    return new Box(
        clamp(box.ymin(), height), clamp(box.xmin(), width), clamp(box.ymax(), height), clamp(box.xmax(), width));
  }

  private static double clamp(double value, int size) {
    return Math.max(Math.min(value, size - 1.0), 0.0);
  }
}
