package dev.segtpu.trainer.model.maskrcnn;

import dev.segtpu.trainer.model.maskrcnn.targets.BoxCoder;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.image.CombinedNonMaxSuppression;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The final detections of one image from the box head's outputs on its proposals, as graph ops, as the
 * reference's {@code postprocess_ops.generate_detections} ({@code generate_detections_per_image_tpu}, and the
 * GPU variant {@code generate_detections_gpu}): softmax of the class logits, each class's deltas decoded against
 * the proposal with {@link BoxCoder#BOX_HEAD} ({@code bbox_reg_weights 10, 10, 5, 5}; {@link GraphBoxCoder},
 * {@code SIZE_CLIP} and the pixel-inclusive {@code -1} included), clipped to the image, background (class 0)
 * left out, NMS per class and the {@code detections} highest of all classes kept ({@code
 * test_detections_per_image}).
 *
 * <p>The per-class NMS and the global top-k are one CombinedNonMaxSuppression op, as the reference's GPU
 * variant: boxes [1, P, C − 1, 4] (one box per proposal and foreground class), scores [1, P, C − 1]; {@code
 * clip_boxes false} (the boxes are in pixels, not normalised, and already clipped to the image; IoU does not
 * change with the scale of the axes, so the reference's normalisation is not needed), {@code pad_per_class
 * false} (the output is padded to {@code detections} in all), at most {@code detections} per class. Its IoU has
 * no {@code +1}, as {@code Boxes.iou}; its class output is the float index among the C − 1 classes given, so 1
 * is added to name the head's class. Rows past {@code count} are set to zero: boxes, scores and classes alike.
 * As in the reference (whose NMS ops are TensorFlow's too), a box is kept only when its score is strictly above
 * {@code scoreThreshold} and suppressed only when its IoU with a kept box of its class is strictly above {@code
 * nmsThreshold}; the project's host-side {@link NonMaxSuppression} suppresses at equality.
 *
 * <p>Deviations: the reference's TPU variant first keeps the 1000 highest (proposal, class) scores over all
 * foreground classes ({@code pre_nms_num_detections}) and only those enter NMS; here every pair above the
 * threshold does, which differs only when more than 1000 pairs score above it. Its GPU variant allows 1000 per
 * class at score threshold 0; the per-class cap cannot change a top 100, and the threshold here is the TPU
 * variant's 0.05. Classes are returned as int32 where the reference returns floats.
 *
 * @param nmsThreshold per-class NMS IoU, the reference's {@code test_nms}
 * @param scoreThreshold the least class probability kept ({@code test_score_threshold})
 * @param detections boxes per image, the padded output size ({@code test_detections_per_image})
 */
public record DetectionGraph(double nmsThreshold, double scoreThreshold, int detections) {

  /** The reference's test settings: NMS at 0.5, probabilities above 0.05, 100 detections per image. */
  public static final DetectionGraph REFERENCE = new DetectionGraph(0.5, 0.05, 100);

  /**
   * D = {@code detections} rows, the first {@code count} valid, highest score first.
   *
   * @param boxes [D, 4] (ymin, xmin, ymax, xmax) in input pixels
   * @param scores [D] class probabilities
   * @param classes [D] class indices 1..C − 1 (0 in padding rows)
   * @param count scalar number of valid rows
   */
  public record Detections(Operand<TFloat32> boxes, Operand<TFloat32> scores, Operand<TInt32> classes, Operand<TInt32> count) {}

  /**
   * @param proposals [P, 4] in input pixels
   * @param classLogits [P, C] with a static C, background first ({@link BoxHead})
   * @param boxDeltas [P, 4C], four per class in {@link BoxCoder} order
   */
  public Detections build(Ops tf, Operand<TFloat32> proposals, Operand<TFloat32> classLogits,
      Operand<TFloat32> boxDeltas, int imageHeight, int imageWidth) {
    int classes = Math.toIntExact(classLogits.shape().size(1));
    if (classes < 2) {
      throw new IllegalArgumentException("need background and at least one class, got " + classes + " classes");
    }
    Operand<TFloat32> probabilities = tf.nn.softmax(classLogits);
    Operand<TFloat32> deltas = tf.reshape(boxDeltas, tf.constant(new int[] {-1, classes, 4}));
    Operand<TFloat32> decoded = new GraphBoxCoder(BoxCoder.BOX_HEAD).decode(tf, deltas, tf.expandDims(proposals, tf.constant(1)));
    Operand<TFloat32> clipped = GraphBoxCoder.clip(tf, decoded, imageHeight, imageWidth);
    Operand<TFloat32> foregroundBoxes = tf.slice(clipped, tf.constant(new int[] {0, 1, 0}), tf.constant(new int[] {-1, -1, -1}));
    Operand<TFloat32> foregroundScores = tf.slice(probabilities, tf.constant(new int[] {0, 1}), tf.constant(new int[] {-1, -1}));
    CombinedNonMaxSuppression nms = tf.image.combinedNonMaxSuppression(
        tf.expandDims(foregroundBoxes, tf.constant(0)), tf.expandDims(foregroundScores, tf.constant(0)),
        tf.constant(detections), tf.constant(detections), tf.constant((float) nmsThreshold),
        tf.constant((float) scoreThreshold), CombinedNonMaxSuppression.padPerClass(false),
        CombinedNonMaxSuppression.clipBoxes(false));
    Operand<TInt32> count = tf.squeeze(nms.validDetections());
    Operand<TInt32> index = tf.dtypes.cast(tf.reshape(nms.nmsedClasses(), tf.constant(new int[] {detections})), TInt32.class);
    Operand<TInt32> valid = tf.dtypes.cast(tf.math.less(tf.range(tf.constant(0), tf.constant(detections), tf.constant(1)), count), TInt32.class);
    Operand<TFloat32> validRows = tf.dtypes.cast(valid, TFloat32.class);
    return new Detections(
        tf.math.mul(tf.reshape(nms.nmsedBoxes(), tf.constant(new int[] {detections, 4})), tf.expandDims(validRows, tf.constant(1))),
        tf.math.mul(tf.reshape(nms.nmsedScores(), tf.constant(new int[] {detections})), validRows),
        tf.math.mul(tf.math.add(index, tf.constant(1)), valid),
        count);
  }
}
