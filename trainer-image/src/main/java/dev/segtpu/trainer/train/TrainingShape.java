package dev.segtpu.trainer.train;

/** Static shape of training batches: examples per step and crop size. */
public record TrainingShape(int batch, int height, int width) {

  public static TrainingShape square(int batch, int size) {
    return new TrainingShape(batch, size, size);
  }
}
