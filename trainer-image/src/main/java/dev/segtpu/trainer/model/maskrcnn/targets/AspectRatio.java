package dev.segtpu.trainer.model.maskrcnn.targets;

/**
 * One anchor shape as the reference writes it, a pair {@code (x, y)} multiplying the base size in width and
 * height ({@code anchors.py}, {@code _generate_anchor_boxes}: {@code aspect[0]} for x, {@code aspect[1]} for
 * y). The reference's {@code aspect_ratios: [[1.0, 1.0], [1.4, 0.7], [0.7, 1.4]]} are width/height 1, 2 and
 * 1/2; the factors are kept as written (1.4 × 0.7, not √2 × 1/√2) so the anchors are the reference's, 2% smaller
 * in area for the elongated shapes.
 */
public record AspectRatio(double widthFactor, double heightFactor) {}
