package dev.segtpu.trainer.model;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** How every network here sees its input images. */
public final class Pixels {

  private Pixels() {}

  /**
   * Pixels in [0, 255] to [-1, 1]. The Mask R-CNN reference subtracts the ImageNet mean and divides by its
   * standard deviation instead, which matters for its ImageNet-pretrained backbone; these networks train from scratch.
   */
  public static Operand<TFloat32> toUnitRange(Ops tf, Operand<TFloat32> images) {
    return tf.math.sub(tf.math.mul(images, tf.constant(1f / 127.5f)), tf.constant(1f));
  }
}
