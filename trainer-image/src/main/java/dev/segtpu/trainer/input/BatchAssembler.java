package dev.segtpu.trainer.input;

import dev.segtpu.trainer.input.augment.CropTarget;
import dev.segtpu.trainer.input.augment.ExampleAugmentation;
import java.util.SplittableRandom;

/** Decodes and augments the examples of a planned batch into one {@link Batch}. */
final class BatchAssembler {

  private static final long AUGMENTATION_STREAM = 0x6175676dL; // "augm"

  private final SegmentationDataset dataset;
  private final ExampleAugmentation augmentation;
  private final long seed;
  private final int cropSize;

  BatchAssembler(SegmentationDataset dataset, ExampleAugmentation augmentation, long seed, int cropSize) {
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
        // Randomness per (seed, epoch, example): independent of batch size, threads and resume point.
        SplittableRandom random = new SplittableRandom(
            SeedMix.of(seed, AUGMENTATION_STREAM, planned.epoch(), planned.index()));
        augmentation.apply(dataset.example(planned.index()), random, target);
      }
    }
    return new Batch(size, cropSize, cropSize, images, labels, plan.epoch(), plan.position(), 0L);
  }
}
