package dev.segtpu.trainer.model;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Mean softmax cross-entropy over the pixels whose label is not {@link #IGNORE_LABEL}.
 *
 * <p>Built from one-hot labels and SoftmaxCrossEntropyWithLogits because the sparse variant has no
 * gradient in TensorFlow Java. One-hot of 255 is all zeros, but the gradient softmax − onehot would
 * still push those pixels, so each pixel's loss is multiplied by a mask.
 */
public final class PixelwiseCrossEntropy {

  public static final int IGNORE_LABEL = 255;

  private PixelwiseCrossEntropy() {}

  public static Operand<TFloat32> loss(Ops tf, Operand<TFloat32> logits, Operand<TInt32> labels, int classes) {
    Operand<TFloat32> flatLogits = tf.reshape(logits, tf.constant(new int[] {-1, classes}));
    Operand<TInt32> flatLabels = tf.reshape(labels, tf.constant(new int[] {-1}));
    Operand<TFloat32> oneHot = tf.oneHot(flatLabels, tf.constant(classes), tf.constant(1f), tf.constant(0f));
    Operand<TFloat32> perPixel = tf.nn.softmaxCrossEntropyWithLogits(flatLogits, oneHot).loss();
    Operand<TFloat32> mask = tf.dtypes.cast(tf.math.notEqual(flatLabels, tf.constant(IGNORE_LABEL)), TFloat32.class);
    Operand<TFloat32> total = tf.sum(tf.math.mul(perPixel, mask), tf.constant(0));
    Operand<TFloat32> counted = tf.math.maximum(tf.sum(mask, tf.constant(0)), tf.constant(1f));
    return tf.math.div(total, counted);
  }
}
