/**
 * Training targets for Mask R-CNN, computed in plain Java before the TensorFlow graph, following the TPU
 * reference implementation (tensorflow/tpu, {@code models/official/mask_rcnn}) with its default configuration
 * ({@code configs/mask_rcnn_config.py}).
 *
 * <p>The reference labels anchors in its input pipeline ({@code anchors.py}, {@code AnchorLabeler}) and samples
 * RoIs and crops mask targets inside the graph ({@code training_ops.py}); here all three are host-side code so
 * they can be checked by hand: {@link dev.segtpu.trainer.model.maskrcnn.targets.Anchors} (where the anchors
 * are), {@link dev.segtpu.trainer.model.maskrcnn.targets.BoxCoder} (how a box is expressed against another),
 * {@link dev.segtpu.trainer.model.maskrcnn.targets.RpnTargets} (which anchors the RPN learns from), {@link
 * dev.segtpu.trainer.model.maskrcnn.targets.RoiSampler} (which RoIs the box head learns from) and {@link
 * dev.segtpu.trainer.model.maskrcnn.targets.MaskTargets} (what the mask head must draw in each).
 *
 * <p>Boxes are {@code (ymin, xmin, ymax, xmax)} in pixels of the (resized, padded) network input. Crowd ground
 * truths are dropped before any target is computed, as the reference does with {@code
 * skip_crowd_during_training: True} ({@code dataloader.py}); ground-truth indices reported here still refer to
 * the caller's list, crowds included, so masks can be looked up by them.
 */
package dev.segtpu.trainer.model.maskrcnn.targets;
