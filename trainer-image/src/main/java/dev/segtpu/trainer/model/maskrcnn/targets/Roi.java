package dev.segtpu.trainer.model.maskrcnn.targets;

/**
 * One sampled region of interest and what the box and mask heads are taught on it.
 *
 * @param classTarget the matched ground truth's class for a foreground RoI, 0 for background
 * @param boxTarget the matched ground truth against the RoI by {@link BoxCoder#BOX_HEAD}; zeros for background
 * @param groundTruth the matched object's position in the caller's ground-truth list (crowds included), whose
 *     mask is the RoI's mask target; -1 for background (the reference writes 0 there and never reads it)
 */
public record Roi(Box box, int classTarget, BoxDelta boxTarget, int groundTruth) {

  public boolean foreground() {
    return groundTruth >= 0;
  }
}
