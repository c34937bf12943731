package dev.segtpu.trainer.model.maskrcnn.targets;

/** A box expressed against a reference box, {@code (ty, tx, th, tw)} after the coder's weights. */
public record BoxDelta(double dy, double dx, double dh, double dw) {

  /** The target of anything that has no box to regress to (unmatched anchors, background RoIs). */
  public static final BoxDelta ZERO = new BoxDelta(0, 0, 0, 0);
}
