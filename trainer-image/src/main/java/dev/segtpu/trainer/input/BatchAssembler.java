package dev.segtpu.trainer.input;

import dev.segtpu.trainer.input.augment.CropTarget;
import dev.segtpu.trainer.input.augment.ExampleAugmentation;

/** Decodes and augments the examples of a planned batch into one {@link Batch}. */
final class BatchAssembler {

  private final Dataset<SegmentationExample> dataset;
  private final ExampleAugmentation augmentation;
  private final long seed;
  private final int cropSize;

  BatchAssembler(Dataset<SegmentationExample> dataset, ExampleAugmentation augmentation, long seed, int cropSize) {
    this.dataset = dataset;
    this.augmentation = augmentation;
    this.seed = seed;
    this.cropSize = cropSize;
  }

  Batch assemble(PlannedBatch plan) {
    int size = plan.examples().length;
    float[] images = new float[size * cropSize * cropSize * 3];
    int[] labels = new int[size * cropSize * cropSize];
    for (int slot = 0; slot < size; slot++) {
      PlannedBatch.PlannedExample planned = plan.examples()[slot];
      CropTarget target = new CropTarget(images, labels, slot, cropSize);
      if (planned.isPadding()) {
        target.fillPadding();
      } else {
        augmentation.apply(dataset.example(planned.index()), planned.augmentationRandom(seed), target);
      }
    }
    return new Batch(size, cropSize, cropSize, images, labels, plan.epoch(), plan.position(), 0L);
  }
}
