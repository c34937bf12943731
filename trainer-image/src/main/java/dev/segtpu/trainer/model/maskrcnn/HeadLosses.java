package dev.segtpu.trainer.model.maskrcnn;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The second stage's losses, as the TPU reference's {@code fast_rcnn_class_loss}, {@code fast_rcnn_box_loss} and
 * {@code mask_rcnn_loss} ({@code models/official/mask_rcnn/losses.py}), each a {@code SUM_BY_NONZERO_WEIGHTS}
 * reduction there (the weighted sum over the count of non-zero weights, 0 when there are none):
 * <ul>
 *   <li>class: softmax cross-entropy of the logits against the one-hot class target, mean over all sampled RoIs
 *       (a class target of -1 marks a padding slot of a fixed-size batch, which counts for nothing);
 *   <li>box: Huber loss with δ = {@value #HUBER_DELTA} (as {@code tf.losses.huber_loss}: ½e² for |e| ≤ δ, else
 *       δ(|e| − ½δ)) of the target class's 4 deltas against the box targets, summed over foreground RoIs (class
 *       target &gt; 0) and divided by 4 × their number;
 *   <li>mask: sigmoid cross-entropy of the target class's 28×28 logits against the mask targets, summed over
 *       foreground RoIs and divided by 28 × 28 × their number.
 * </ul>
 * The reference's loss weights ({@code fast_rcnn_box_loss_weight}, {@code mrcnn_weight_loss_mask}) are 1 and left
 * to the caller.
 *
 * <p>Ops with checked gradients only: the one-hot targets go through SoftmaxCrossEntropyWithLogits (the sparse
 * variant has none); the target class's outputs are picked by multiplying with the one-hot and summing over the
 * classes (OneHot itself needs no gradient: it only reads the integer targets); there is no sigmoid cross-entropy
 * op, so it is max(x, 0) − x·z + log1p(exp(−|x|)).
 */
public final class HeadLosses {

  /** {@code fast_rcnn_box_loss}'s δ. */
  public static final float HUBER_DELTA = 1f;

  private HeadLosses() {}

  /** logits [R, classes], classTargets [R] (0 = background, -1 = padding). */
  public static Operand<TFloat32> classLoss(Ops tf, Operand<TFloat32> logits, Operand<TInt32> classTargets, int classes) {
    Operand<TFloat32> perRoi = tf.nn.softmaxCrossEntropyWithLogits(logits, oneHot(tf, classTargets, classes)).loss();
    Operand<TFloat32> sampled = tf.dtypes.cast(tf.math.greaterEqual(classTargets, tf.constant(0)), TFloat32.class);
    Operand<TFloat32> total = tf.sum(tf.math.mul(perRoi, sampled), tf.constant(0));
    return tf.math.div(total, tf.math.maximum(tf.sum(sampled, tf.constant(0)), tf.constant(1f)));
  }

  /** boxDeltas [R, 4 × classes] (4 per class), boxTargets [R, 4], classTargets [R]. */
  public static Operand<TFloat32> boxLoss(Ops tf, Operand<TFloat32> boxDeltas, Operand<TFloat32> boxTargets,
                                          Operand<TInt32> classTargets, int classes) {
    Operand<TFloat32> perClass = tf.reshape(boxDeltas, tf.constant(new int[] {-1, classes, 4}));
    Operand<TFloat32> selector = tf.reshape(oneHot(tf, classTargets, classes), tf.constant(new int[] {-1, classes, 1}));
    Operand<TFloat32> selected = tf.sum(tf.math.mul(perClass, selector), tf.constant(1));
    Operand<TFloat32> perRoi = tf.sum(ElementwiseLosses.huber(tf, tf.math.sub(selected, boxTargets), HUBER_DELTA), tf.constant(1));
    return foregroundMean(tf, perRoi, classTargets, 4);
  }

  /** maskLogits [M, h, w, classes], maskTargets [M, h, w] of 0 or 1, classTargets [M] (0 = padding, no loss). */
  public static Operand<TFloat32> maskLoss(Ops tf, Operand<TFloat32> maskLogits, Operand<TFloat32> maskTargets,
                                           Operand<TInt32> classTargets, int classes) {
    int h = (int) maskLogits.shape().size(1);
    int w = (int) maskLogits.shape().size(2);
    Operand<TFloat32> selected = MaskHead.classChannel(tf, maskLogits, classTargets, classes);
    Operand<TFloat32> perRoi = tf.sum(ElementwiseLosses.sigmoidCrossEntropy(tf, selected, maskTargets), tf.constant(new int[] {1, 2}));
    return foregroundMean(tf, perRoi, classTargets, h * w);
  }

  private static Operand<TFloat32> oneHot(Ops tf, Operand<TInt32> classTargets, int classes) {
    return tf.oneHot(classTargets, tf.constant(classes), tf.constant(1f), tf.constant(0f));
  }

  /** Σ over foreground RoIs of perRoi / (valuesPerRoi × their number), 0 without any. */
  private static Operand<TFloat32> foregroundMean(Ops tf, Operand<TFloat32> perRoi, Operand<TInt32> classTargets,
                                                  int valuesPerRoi) {
    Operand<TFloat32> foreground = tf.dtypes.cast(tf.math.greater(classTargets, tf.constant(0)), TFloat32.class);
    Operand<TFloat32> total = tf.sum(tf.math.mul(perRoi, foreground), tf.constant(0));
    Operand<TFloat32> count = tf.math.mul(tf.sum(foreground, tf.constant(0)), tf.constant((float) valuesPerRoi));
    return tf.math.div(total, tf.math.maximum(count, tf.constant(1f)));
  }
}
