package dev.segtpu.trainer.model;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * A model the training loop can drive: the forward pass of one tower and the training loss. The loop,
 * checkpoints and export know nothing else about the model, so a new architecture (Mask R-CNN next)
 * is one more implementation picked by {@link ModelCatalog}.
 */
public interface SegmentationModel {

  /** Human-readable summary for logs, e.g. "DeepLab v3+ / mobilenetv2, output stride 16". */
  String description();

  int numClasses();

  /**
   * Per-pixel class logits at the input resolution, [N, H, W, classes].
   *
   * @param images NHWC pixels in [0, 255]
   */
  Operand<TFloat32> logits(Layers layers, Operand<TFloat32> images);

  /** Scalar training loss (without weight decay, which the optimizer applies). */
  Operand<TFloat32> loss(Layers layers, Operand<TFloat32> logits, Operand<TInt32> labels);
}
