package dev.segtpu.trainer.model.maskrcnn;

import dev.segtpu.trainer.model.Layers;
import dev.segtpu.trainer.model.ParameterStore;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The mask head, as the TPU reference's {@code mask_head} ({@code models/official/mask_rcnn/heads.py}): on each
 * RoI's 14×14 RoIAlign crop, four 3×3 convolutions of {@value #FILTERS} with ReLU ({@code mask-conv-l0..3}), a 2×2
 * stride-2 transposed convolution to 28×28 with ReLU ({@code conv5-mask}, built as {@link TransposedConvolution2x2}),
 * and a 1×1 convolution to one mask logit map per class ({@code mask_fcn_logits}); all with biases. The output stays
 * NHWC, [R, 28, 28, classes]: the class is picked in {@link HeadLosses} (training) or by the caller (inference),
 * where the reference transposes to [R, classes, 28, 28] and gathers inside the head.
 *
 * <p>Deviation: kernels are the project's He-normal (fan-in) initialisation; the reference's are variance-scaling
 * normal with scale 2 on fan-out, the same for the 3×3 layers (fan-in = fan-out there).
 *
 * @param classes number of classes including background
 * @param filters channels of the convolutions ({@value #FILTERS}; fewer only for gradient checks)
 */
public record MaskHead(int classes, int filters) {

  /** The reference's mask head width. */
  public static final int FILTERS = 256;
  private static final String SCOPE = "mask_head";

  public MaskHead(int classes) {
    this(classes, FILTERS);
  }

  /**
   * roiFeatures: [R, 14, 14, C] from {@link MultilevelRoiAlign}; returns [R, 28, 28, classes]. Variables under
   * {@code mask_head/} of {@code layers}; the transposed convolution's bias under {@code mask_head/} of
   * {@code parameters} (the same name when {@code layers} is the store's unprefixed view).
   */
  public Operand<TFloat32> build(Layers layers, ParameterStore parameters, Operand<TFloat32> roiFeatures) {
    Layers head = layers.in(SCOPE);
    Operand<TFloat32> x = roiFeatures;
    for (int i = 0; i < 4; i++) {
      x = head.relu(head.biasedConv("mask-conv-l" + i, x, 3, filters));
    }
    x = head.relu(TransposedConvolution2x2.build(head, parameters, SCOPE, "conv5-mask", x, filters));
    return head.biasedConv("mask_fcn_logits", x, 1, classes);
  }

  /**
   * Each RoI's own class's mask logits, [R, 28, 28] of [R, 28, 28, classes]: the mask of the target class in
   * training, of the detected class in inference (the reference's gather on the class axis, as a one-hot product
   * so the gradient is the plain one).
   */
  public static Operand<TFloat32> classChannel(Ops tf, Operand<TFloat32> maskLogits, Operand<TInt32> classes, int numClasses) {
    Operand<TFloat32> selector = tf.reshape(tf.oneHot(classes, tf.constant(numClasses), tf.constant(1f), tf.constant(0f)),
        tf.constant(new int[] {-1, 1, 1, numClasses}));
    return tf.sum(tf.math.mul(maskLogits, selector), tf.constant(3));
  }
}
