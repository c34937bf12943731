package dev.segtpu.trainer.model.maskrcnn;

import dev.segtpu.trainer.model.maskrcnn.targets.BoxCoder;
import dev.segtpu.trainer.model.maskrcnn.targets.Boxes;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Stack;
import org.tensorflow.op.core.Unstack;
import org.tensorflow.types.TFloat32;

/**
 * {@link BoxCoder#decode} and {@link Boxes#clip} as graph ops, for the inference graph that must decode inside the
 * exported SavedModel (the reference's {@code box_utils.decode_boxes} and {@code clip_boxes}, called from {@code
 * roi_ops} and {@code postprocess_ops}). The same arithmetic in float32 where the Java coder works in double:
 * pixel-inclusive sizes ({@code ymax - ymin + 1}), {@code th}, {@code tw} capped at {@link BoxCoder#SIZE_CLIP}
 * and decoded boxes ending at {@code ymin + height - 1}.
 */
public record GraphBoxCoder(BoxCoder coder) {

  /**
   * The boxes that {@code deltas} [..., 4] ({@code dy, dx, dh, dw}) describe against {@code reference} [..., 4]
   * ({@code ymin, xmin, ymax, xmax}); the two broadcast against each other, the result has their broadcast shape.
   */
  public Operand<TFloat32> decode(Ops tf, Operand<TFloat32> deltas, Operand<TFloat32> reference) {
    List<Operand<TFloat32>> d = coordinates(tf, deltas);
    List<Operand<TFloat32>> r = coordinates(tf, reference);
    Operand<TFloat32> one = tf.constant(1f);
    Operand<TFloat32> half = tf.constant(0.5f);
    Operand<TFloat32> fromHeight = tf.math.add(tf.math.sub(r.get(2), r.get(0)), one);
    Operand<TFloat32> fromWidth = tf.math.add(tf.math.sub(r.get(3), r.get(1)), one);
    Operand<TFloat32> fromCentreY = tf.math.add(r.get(0), tf.math.mul(half, fromHeight));
    Operand<TFloat32> fromCentreX = tf.math.add(r.get(1), tf.math.mul(half, fromWidth));
    Operand<TFloat32> centreY = tf.math.add(tf.math.mul(weighted(tf, d.get(0), coder.weightY()), fromHeight), fromCentreY);
    Operand<TFloat32> centreX = tf.math.add(tf.math.mul(weighted(tf, d.get(1), coder.weightX()), fromWidth), fromCentreX);
    Operand<TFloat32> clip = tf.constant((float) BoxCoder.SIZE_CLIP);
    Operand<TFloat32> height = tf.math.mul(tf.math.exp(tf.math.minimum(weighted(tf, d.get(2), coder.weightH()), clip)), fromHeight);
    Operand<TFloat32> width = tf.math.mul(tf.math.exp(tf.math.minimum(weighted(tf, d.get(3), coder.weightW()), clip)), fromWidth);
    Operand<TFloat32> ymin = tf.math.sub(centreY, tf.math.mul(half, height));
    Operand<TFloat32> xmin = tf.math.sub(centreX, tf.math.mul(half, width));
    Operand<TFloat32> ymax = tf.math.sub(tf.math.add(ymin, height), one);
    Operand<TFloat32> xmax = tf.math.sub(tf.math.add(xmin, width), one);
    return tf.stack(List.of(ymin, xmin, ymax, xmax), Stack.axis(-1L));
  }

  /** Every coordinate of {@code boxes} [..., 4] into {@code [0, size - 1]}, as {@link Boxes#clip}. */
  public static Operand<TFloat32> clip(Ops tf, Operand<TFloat32> boxes, int height, int width) {
    float bottom = height - 1f;
    float right = width - 1f;
    return tf.math.maximum(tf.math.minimum(boxes, tf.constant(new float[] {bottom, right, bottom, right})), tf.constant(0f));
  }

  /** {@code (ymin, xmin, ymax, xmax)} or {@code (dy, dx, dh, dw)}: the last axis unstacked. */
  static List<Operand<TFloat32>> coordinates(Ops tf, Operand<TFloat32> boxes) {
    return List.copyOf(tf.unstack(boxes, 4L, Unstack.axis(-1L)).output());
  }

  private static Operand<TFloat32> weighted(Ops tf, Operand<TFloat32> delta, double weight) {
    return tf.math.div(delta, tf.constant((float) weight));
  }
}
