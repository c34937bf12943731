package dev.segtpu.trainer.model.deeplab;

/**
 * Keeps a backbone at its output stride: once the next stride-2 stage would exceed it, the stage runs
 * at stride 1 and the atrous rate doubles instead, so later layers keep their receptive field.
 */
final class AtrousStride {

  private final int outputStride;
  private int currentStride = 1;
  private int rate = 1;

  AtrousStride(int outputStride) {
    this.outputStride = outputStride;
  }

  /** Stride and rate of the first layer of a stage published with {@code stride}; later layers use {@link #rate()}. */
  StrideAndRate enter(int stride) {
    if (currentStride * stride > outputStride) {
      int layerRate = rate;
      rate *= stride;
      return new StrideAndRate(1, layerRate);
    }
    currentStride *= stride;
    return new StrideAndRate(stride, rate);
  }

  int rate() {
    return rate;
  }

  int currentStride() {
    return currentStride;
  }

  record StrideAndRate(int stride, int rate) {}
}
