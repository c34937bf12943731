package dev.segtpu.trainer.model.maskrcnn.targets;

/**
 * The RPN targets of one pyramid level, laid out as that level's head outputs ({@code [height, width,
 * anchors]} and {@code [height, width, anchors × 4]}, row-major; see {@link AnchorLevel#indexWithin}).
 *
 * @param labels 1 for a sampled positive, 0 for a sampled negative, -1 for an anchor the loss ignores
 * @param boxTargets {@code (ty, tx, th, tw)} per anchor: the matched ground truth against the anchor for every
 *     matched anchor, sampled or not (as the reference's target assigner), zeros elsewhere
 */
public record LevelTargets(AnchorLevel level, int[] labels, double[] boxTargets) {

  public static final int POSITIVE = 1;
  public static final int NEGATIVE = 0;
  public static final int IGNORE = -1;
}
