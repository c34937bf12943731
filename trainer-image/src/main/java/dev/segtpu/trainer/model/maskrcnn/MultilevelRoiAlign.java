package dev.segtpu.trainer.model.maskrcnn;

import dev.segtpu.trainer.model.Layers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Stack;
import org.tensorflow.op.core.Unstack;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * RoIAlign over a feature pyramid, as the TPU reference's {@code multilevel_crop_and_resize}
 * ({@code models/official/mask_rcnn/spatial_transform_ops.py}): each RoI is assigned to one level and sampled
 * there on an n×n grid by bilinear interpolation; {@value #BOX_HEAD_SIZE}×{@value #BOX_HEAD_SIZE} for the
 * box head, {@value #MASK_HEAD_SIZE}×{@value #MASK_HEAD_SIZE} for the mask head.
 *
 * <p><b>Level.</b> k = clip(⌊log2(√area / 224)⌋ + 4, lowest, highest level given), area = (y2 − y1)(x2 − x1)
 * in pixels without the +1; with the reference's P2..P6 the clip is [2, 6]. Computed as the lowest level plus
 * the number of thresholds area ≥ (224·2^(j−4))² passed, j = lowest+1..highest: the same integer as the
 * reference's floor of a float logarithm, without its rounding at exact powers of two.
 *
 * <p><b>Sample points.</b> As {@code compute_grid_positions}: the box is divided by the level's stride 2^k and
 * sample (i, j) sits at (y1 + (i + ½)·h/n, x1 + (j + ½)·w/n) in level pixels, where feature pixel r is at
 * coordinate r (no half-pixel offset); a sample past the last row or column takes the edge value, as the
 * reference clamps its gather indices to the level's size − 1. They are taken with TensorFlow's CropAndResize
 * (gradient w.r.t. the image checked against finite differences), which samples at
 * y1'·(H − 1) + i·(y2' − y1')·(H − 1)/(n − 1) for normalised y1', y2': the normalised box is shrunk by half a
 * sample step, y1' = (y1 + h/2n) / (2^k·(H − 1)) and y2' = (y2 − h/2n) / (2^k·(H − 1)), to land on the
 * reference's points. CropAndResize returns zeros past the map where the reference clamps, so each level is
 * built once with its last row and column repeated (H + 1 rows, normalised by H): boxes within the image,
 * [0, image size], then sample exactly as the reference does.
 *
 * <p><b>Level selection.</b> Every box is cropped on every level and the assigned crop picked with GatherNd
 * (both gradients correct here), where the reference gathers the four neighbours of each sample from the
 * stacked levels once; this costs (levels)× the crops, small beside the heads' convolutions. Boxes are a
 * StopGradient: gradients reach only the features.
 */
public final class MultilevelRoiAlign {

  /** The box head's crop (the reference's {@code output_size=7}). */
  public static final int BOX_HEAD_SIZE = 7;
  /** The mask head's crop (the reference's {@code mrcnn_resolution / 2}, 14 for 28×28 masks). */
  public static final int MASK_HEAD_SIZE = 14;
  private static final double CANONICAL_SIZE = 224;
  private static final int CANONICAL_LEVEL = 4;

  private final Ops tf;
  private final NavigableMap<Integer, Operand<TFloat32>> edgeRepeated = new TreeMap<>();

  /** features: level k → [batch, H_k, W_k, C] at stride 2^k of the image, as {@link FeaturePyramid} builds them. */
  public MultilevelRoiAlign(Ops tf, NavigableMap<Integer, Operand<TFloat32>> features) {
    this.tf = tf;
    features.forEach((level, map) -> edgeRepeated.put(level, repeatLastRowAndColumn(map)));
  }

  /**
   * The n×n crops of boxes [batch, boxes, 4] given as (y1, x1, y2, x2) in image pixels: [batch·boxes, n, n, C],
   * box b of image i at row i·boxes + b (the reference's [batch, boxes, n, n, C] with its first axes merged,
   * ready for the heads' convolutions). The number of boxes may be known only when the graph runs (inference
   * proposals and detections); when it is known, so is the crops' shape.
   */
  public Operand<TFloat32> crop(Operand<TFloat32> boxes, int outputSize) {
    Operand<TInt32> shape = tf.shape(boxes);
    Operand<TInt32> perImage = tf.gather(shape, tf.constant(1), tf.constant(0));
    Operand<TInt32> count = tf.math.mul(tf.gather(shape, tf.constant(0), tf.constant(0)), perImage);
    Operand<TFloat32> flat = tf.reshape(tf.stopGradient(boxes), tf.constant(new int[] {-1, 4}));
    Operand<TFloat32> shrunk = shrunkByHalfAStep(flat, outputSize);
    Operand<TInt32> boxImage = tf.math.floorDiv(tf.range(tf.constant(0), count, tf.constant(1)), perImage);
    Operand<TInt32> cropSize = tf.constant(new int[] {outputSize, outputSize});
    List<Operand<TFloat32>> crops = new ArrayList<>();
    for (Map.Entry<Integer, Operand<TFloat32>> level : edgeRepeated.entrySet()) {
      Operand<TFloat32> map = level.getValue();
      float stride = (float) Math.pow(2, level.getKey());
      float height = stride * (Layers.height(map) - 1);
      float width = stride * (Layers.width(map) - 1);
      Operand<TFloat32> normalised = tf.math.div(shrunk, tf.constant(new float[] {height, width, height, width}));
      crops.add(tf.image.cropAndResize(map, normalised, boxImage, cropSize));
    }
    Operand<TInt32> levelIndex = tf.math.sub(levels(flat), tf.constant(edgeRepeated.firstKey()));
    Operand<TInt32> indices = tf.stack(List.of(levelIndex, tf.range(tf.constant(0), count, tf.constant(1))), Stack.axis(1L));
    Operand<TFloat32> gathered = tf.gatherNd(tf.stack(crops), indices);
    if (boxes.shape().hasUnknownDimension()) {
      return gathered;
    }
    // a static batch lets the heads' k×k convolutions be matrix products, whose gradients are exact and
    // the same on every run (see Convolutions); Conv2D's backward pass is neither
    long known = boxes.shape().size(0) * boxes.shape().size(1);
    return tf.reshape(gathered, tf.constant(new long[] {known, outputSize, outputSize, Layers.channels(crops.get(0))}));
  }

  /** The level of each box [N, 4] in pixels, clipped to the levels given: [N]. */
  Operand<TInt32> levels(Operand<TFloat32> boxes) {
    List<Operand<TFloat32>> sides = corners(boxes);
    Operand<TFloat32> area = tf.math.mul(tf.math.sub(sides.get(2), sides.get(0)), tf.math.sub(sides.get(3), sides.get(1)));
    Operand<TInt32> level = tf.fill(tf.shape(area), tf.constant(edgeRepeated.firstKey()));
    for (int j = edgeRepeated.firstKey() + 1; j <= edgeRepeated.lastKey(); j++) {
      double side = CANONICAL_SIZE * Math.pow(2, j - CANONICAL_LEVEL);
      Operand<TInt32> passed = tf.dtypes.cast(tf.math.greaterEqual(area, tf.constant((float) (side * side))), TInt32.class);
      level = tf.math.add(level, passed);
    }
    return level;
  }

  /** (y1 + h/2n, x1 + w/2n, y2 − h/2n, x2 − w/2n): the first and last sample points, still in image pixels. */
  private Operand<TFloat32> shrunkByHalfAStep(Operand<TFloat32> boxes, int outputSize) {
    List<Operand<TFloat32>> c = corners(boxes);
    Operand<TFloat32> half = tf.constant(0.5f / outputSize);
    Operand<TFloat32> marginY = tf.math.mul(tf.math.sub(c.get(2), c.get(0)), half);
    Operand<TFloat32> marginX = tf.math.mul(tf.math.sub(c.get(3), c.get(1)), half);
    return tf.stack(List.of(tf.math.add(c.get(0), marginY), tf.math.add(c.get(1), marginX),
        tf.math.sub(c.get(2), marginY), tf.math.sub(c.get(3), marginX)), Stack.axis(1L));
  }

  private List<Operand<TFloat32>> corners(Operand<TFloat32> boxes) {
    return new ArrayList<>(tf.unstack(boxes, 4L, Unstack.axis(1L)).output());
  }

  /** The map with its last row and then its last column appended again: [b, H + 1, W + 1, C]. */
  private Operand<TFloat32> repeatLastRowAndColumn(Operand<TFloat32> map) {
    Operand<TFloat32> rows = tf.concat(List.of(map, lastSlice(map, 1, Layers.height(map))), tf.constant(1));
    return tf.concat(List.of(rows, lastSlice(rows, 2, Layers.width(rows))), tf.constant(2));
  }

  private Operand<TFloat32> lastSlice(Operand<TFloat32> map, int axis, long size) {
    int[] begin = new int[4];
    int[] extent = {-1, -1, -1, -1};
    begin[axis] = (int) size - 1;
    extent[axis] = 1;
    return tf.slice(map, tf.constant(begin), tf.constant(extent));
  }
}
