package dev.segtpu.trainer.model;

/** What a model variable is for: decides whether it is trained and whether weight decay applies. */
public enum ParameterRole {
  /** Convolution kernel: trained, L2 weight decay. */
  KERNEL(true, true),
  /** Bias of the final classifier: trained, no decay. */
  BIAS(true, false),
  /** Batch-norm scale (gamma): trained, no decay (as in the reference's slim batch norm). */
  BN_SCALE(true, false),
  /** Batch-norm offset (beta): trained, no decay. */
  BN_OFFSET(true, false),
  /** Batch-norm moving mean: updated by explicit assign ops, never by gradients. */
  BN_MOVING_MEAN(false, false),
  /** Batch-norm moving variance: updated by explicit assign ops, never by gradients. */
  BN_MOVING_VARIANCE(false, false);

  private final boolean trainable;
  private final boolean decayed;

  ParameterRole(boolean trainable, boolean decayed) {
    this.trainable = trainable;
    this.decayed = decayed;
  }

  public boolean trainable() {
    return trainable;
  }

  public boolean decayed() {
    return decayed;
  }
}
