package dev.segtpu.trainer.model.maskrcnn;

import dev.segtpu.trainer.model.Layers;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The second stage's box head, as the TPU reference's {@code box_head} ({@code models/official/mask_rcnn/heads.py}, the
 * "fast rcnn" head): each RoI's 7×7×256 RoIAlign crop flattened row-major (NHWC, as the reference's reshape), two
 * fully connected layers of {@value #FC_DIM} with ReLU ({@code fc6}, {@code fc7}), then class logits over all classes,
 * background (class 0) included ({@code class-predict}), and class-specific box deltas, 4 per class in the order
 * of {@code BoxCoder} ({@code box-predict}).
 *
 * <p>The fully connected layers are 1×1 convolutions of the crops reshaped to 1×1 maps: the same matrix products,
 * and built through {@link Layers} they count their FLOPs and take its variable names. Deviation: their kernels
 * are the project's He-normal ones, where the reference uses Glorot-uniform for fc6/fc7 and normal of stddev 0.01
 * (classes) and 0.001 (boxes) for the predictions; biases start at zero in both.
 *
 * @param classes number of classes including background (the reference's {@code num_classes 91})
 * @param fcDim width of fc6 and fc7 ({@value #FC_DIM}; smaller only for gradient checks)
 */
public record BoxHead(int classes, int fcDim) {

  /** The reference's {@code mlp_head_dim}. */
  public static final int FC_DIM = 1024;

  public BoxHead(int classes) {
    this(classes, FC_DIM);
  }

  /** Class logits [R, classes] and box deltas [R, 4 × classes] of R RoIs. */
  public record Outputs(Operand<TFloat32> classLogits, Operand<TFloat32> boxDeltas) {}

  /** roiFeatures: [R, 7, 7, C] from {@link MultilevelRoiAlign}; variables under {@code box_head/}. */
  public Outputs build(Layers layers, Operand<TFloat32> roiFeatures) {
    Layers head = layers.in("box_head");
    Ops tf = layers.tf();
    int flat = Math.toIntExact(roiFeatures.shape().size(1) * roiFeatures.shape().size(2) * roiFeatures.shape().size(3));
    Operand<TFloat32> x = tf.reshape(roiFeatures, tf.constant(new int[] {-1, 1, 1, flat}));
    x = head.relu(head.biasedConv("fc6", x, 1, fcDim));
    x = head.relu(head.biasedConv("fc7", x, 1, fcDim));
    return new Outputs(
        tf.reshape(head.biasedConv("class-predict", x, 1, classes), tf.constant(new int[] {-1, classes})),
        tf.reshape(head.biasedConv("box-predict", x, 1, 4 * classes), tf.constant(new int[] {-1, 4 * classes})));
  }
}
