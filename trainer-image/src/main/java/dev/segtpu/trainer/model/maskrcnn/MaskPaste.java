package dev.segtpu.trainer.model.maskrcnn;

import dev.segtpu.trainer.model.maskrcnn.targets.MaskTargets;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.op.core.Stack;
import org.tensorflow.op.image.CropAndResize;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;

/**
 * Each detection's 28×28 mask probabilities pasted into the image at the image's resolution, as graph ops so that
 * the exported SavedModel returns image-sized masks: the inverse of {@link MaskTargets}' sampling. The reference
 * pastes on the host after the model (Detectron's {@code paste_instance_masks}, used by its COCO evaluation).
 *
 * <p>The convention is {@link MaskTargets}': mask cell (i, j) of a box is centred at {@code y = ymin + (i + 0.5)
 * × (ymax - ymin) / 28}, {@code x} likewise, and image pixel (r, c) sits at the point (r, c). So pixel (r, c)
 * takes the bilinear value of the mask at {@code u = (r - ymin) × 28 / (ymax - ymin) - 0.5}, {@code v} likewise;
 * points inside the box but beyond the outermost cell centres take the edge cells' values; pixels outside
 * {@code [ymin, ymax] × [xmin, xmax]} are 0.
 *
 * <p>How: each mask is padded by one replicated edge cell per side (MirrorPad {@code SYMMETRIC}: 30×30, cell i
 * at padded row i + 1), so a point between the border and the outermost centre blends two equal values;
 * CropAndResize then samples every image pixel, its box set so that its sample points {@code y1·29 + r·(y2 -
 * y1)·29/(height - 1)} are exactly {@code u + 1} (extrapolation value 0 where that leaves the padded mask); a
 * box-membership mask zeroes what lies outside the box. A box of zero height or width is widened to {@code 1e-6}
 * pixels to keep the scale finite.
 *
 * <p>Deviations: the reference's {@code paste_instance_masks} zero-pads the mask by one cell, widens the box
 * to match, rounds it to whole pixels, resizes with OpenCV and thresholds at 0.5, so its masks fade to zero at the
 * box border; here the edge cells are replicated up to the exact box, as {@link MaskTargets} sampled them in
 * training, and the result stays a probability (thresholding and undoing the input scaling are the caller's).
 * Memory is D × height × width floats (100 × 1024 × 1024 × 4 bytes = 400 MB at the reference's input size).
 */
public final class MaskPaste {

  private static final int PADDED = MaskTargets.RESOLUTION + 2;
  private static final float LEAST_EXTENT = 1e-6f;

  private MaskPaste() {}

  /**
   * @param maskProbabilities [D, 28, 28] each detection's mask of its class
   * @param boxes [D, 4] (ymin, xmin, ymax, xmax) in image pixels
   * @return [D, height, width] probabilities, 0 outside each box
   */
  public static Operand<TFloat32> build(Ops tf, Operand<TFloat32> maskProbabilities, Operand<TFloat32> boxes, int height, int width) {
    if (height < 2 || width < 2) {
      throw new IllegalArgumentException("image " + height + "x" + width + " must be at least 2x2");
    }
    Operand<TFloat32> replicated = tf.mirrorPad(tf.expandDims(maskProbabilities, tf.constant(-1)),
        tf.constant(new int[][] {{0, 0}, {1, 1}, {1, 1}, {0, 0}}), "SYMMETRIC");
    List<Operand<TFloat32>> c = GraphBoxCoder.coordinates(tf, boxes);
    List<Operand<TFloat32>> rows = sampling(tf, c.get(0), c.get(2), height);
    List<Operand<TFloat32>> columns = sampling(tf, c.get(1), c.get(3), width);
    Operand<TFloat32> cropBoxes = tf.stack(List.of(rows.get(0), columns.get(0), rows.get(1), columns.get(1)), Stack.axis(1L));
    Operand<TFloat32> pasted = tf.image.cropAndResize(replicated, cropBoxes,
        tf.range(tf.constant(0), tf.size(c.get(0)), tf.constant(1)),
        tf.constant(new int[] {height, width}), CropAndResize.extrapolationValue(0f));
    Operand<TFloat32> values = tf.squeeze(pasted, Squeeze.axis(List.of(3L)));
    Operand<TBool> inside = tf.math.logicalAnd(
        tf.expandDims(within(tf, c.get(0), c.get(2), height), tf.constant(2)),
        tf.expandDims(within(tf, c.get(1), c.get(3), width), tf.constant(1)));
    return tf.select(inside, values, tf.zerosLike(values));
  }

  /**
   * The normalised CropAndResize coordinates (start, end) along one axis whose {@code size} samples fall on
   * {@code u + 1 = (r - low) × 28 / (high - low) + 0.5}, r = 0..size − 1, in the padded mask of {@code PADDED}
   * cells: start = (0.5 − low × s) / 29, end = start + s × (size − 1) / 29, with s = 28 / (high − low).
   */
  private static List<Operand<TFloat32>> sampling(Ops tf, Operand<TFloat32> low, Operand<TFloat32> high, int size) {
    Operand<TFloat32> extent = tf.math.maximum(tf.math.sub(high, low), tf.constant(LEAST_EXTENT));
    Operand<TFloat32> scale = tf.math.div(tf.constant((float) MaskTargets.RESOLUTION), extent);
    Operand<TFloat32> last = tf.constant(PADDED - 1f);
    Operand<TFloat32> start = tf.math.div(tf.math.sub(tf.constant(0.5f), tf.math.mul(low, scale)), last);
    Operand<TFloat32> end = tf.math.add(start, tf.math.div(tf.math.mul(scale, tf.constant(size - 1f)), last));
    return List.of(start, end);
  }

  /** [D, size]: whether pixel r (at point r) lies in [low, high]. */
  private static Operand<TBool> within(Ops tf, Operand<TFloat32> low, Operand<TFloat32> high, int size) {
    Operand<TFloat32> positions = tf.expandDims(tf.range(tf.constant(0f), tf.constant((float) size), tf.constant(1f)), tf.constant(0));
    return tf.math.logicalAnd(
        tf.math.greaterEqual(positions, tf.expandDims(low, tf.constant(1))),
        tf.math.lessEqual(positions, tf.expandDims(high, tf.constant(1))));
  }
}
