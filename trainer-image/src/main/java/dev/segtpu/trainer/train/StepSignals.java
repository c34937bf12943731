package dev.segtpu.trainer.train;

/**
 * What a worker wants after a step: to stop (it got SIGTERM) and to checkpoint (its interval is due).
 * Workers agree by taking the union, so the whole group stops, or checkpoints, after the same step.
 */
public record StepSignals(boolean stop, boolean checkpoint) {

  public static final int COUNT = 2;

  public float[] encode() {
    return new float[] {stop ? 1f : 0f, checkpoint ? 1f : 0f};
  }

  /** From the sum over workers of {@link #encode()}: any worker's wish is the group's. */
  public static StepSignals fromSum(float[] sum) {
    return new StepSignals(sum[0] > 0.5f, sum[1] > 0.5f);
  }
}
