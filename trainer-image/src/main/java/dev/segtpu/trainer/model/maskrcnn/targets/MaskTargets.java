package dev.segtpu.trainer.model.maskrcnn.targets;

import java.util.List;

/**
 * The mask head's targets: for each foreground RoI, its matched object's mask resampled to {@link #RESOLUTION}
 * squared ({@code mrcnn_resolution 28}) inside the RoI, as the reference's {@code get_mask_targets} ({@code
 * training_ops.py}) samples it.
 *
 * <p>The convention, exactly: output cell {@code (i, j)} samples the point {@code y = ymin + (i + 0.5) ×
 * (ymax - ymin) / 28}, {@code x = xmin + (j + 0.5) × (xmax - xmin) / 28} (the centres of a 28×28 grid laid over
 * the RoI, {@code spatial_transform_ops.compute_grid_positions}); mask pixel {@code (r, c)} has its value at
 * the point {@code (r, c)} (no half-pixel shift, as the reference's gather indexes pixels by {@code floor} of the
 * point, consistent with the pixel-inclusive boxes of {@link BoxCoder}); the value at the point is the bilinear
 * blend of the four surrounding pixels, pixels outside the image counting 0 (the reference pads its cropped
 * masks with zeros); the target is 1 where that value is ≥ 0.5, else 0.
 *
 * <p>Deviation: the reference samples a copy of the mask already cropped to the object's box and resized to
 * 112×112 in the input pipeline; sampling the full-resolution mask skips that intermediate resampling, so edges
 * can differ by a cell where the object is much larger than 112 pixels.
 */
public final class MaskTargets {

  public static final int RESOLUTION = 28;

  private MaskTargets() {}

  /** The target of {@code roi} on {@code mask}: {@code RESOLUTION²} values of 0 or 1, row-major. */
  public static float[] crop(InstanceMask mask, Box roi) {
    float[] target = new float[RESOLUTION * RESOLUTION];
    double cellHeight = (roi.ymax() - roi.ymin()) / RESOLUTION;
    double cellWidth = (roi.xmax() - roi.xmin()) / RESOLUTION;
    for (int i = 0; i < RESOLUTION; i++) {
      double y = roi.ymin() + (i + 0.5) * cellHeight;
      for (int j = 0; j < RESOLUTION; j++) {
        double x = roi.xmin() + (j + 0.5) * cellWidth;
        target[i * RESOLUTION + j] = bilinear(mask, y, x) >= 0.5 ? 1f : 0f;
      }
    }
    return target;
  }

  /**
   * The targets of the foreground RoIs in their order; {@code masks} is indexed as the ground-truth list the RoIs
   * were sampled against ({@link Roi#groundTruth()}).
   */
  public static List<float[]> forForeground(List<Roi> rois, List<InstanceMask> masks) {
    return rois.stream().filter(Roi::foreground).map(roi -> crop(masks.get(roi.groundTruth()), roi.box())).toList();
  }

  private static double bilinear(InstanceMask mask, double y, double x) {
    int row = (int) Math.floor(y);
    int column = (int) Math.floor(x);
    double down = y - row;
    double right = x - column;
    return (1 - down) * ((1 - right) * mask.at(row, column) + right * mask.at(row, column + 1))
        + down * ((1 - right) * mask.at(row + 1, column) + right * mask.at(row + 1, column + 1));
  }
}
