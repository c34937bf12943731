package dev.segtpu.trainer.input.augment;

import dev.segtpu.trainer.input.SegmentationExample;
import java.util.SplittableRandom;

/** Evaluation: no augmentation; the crop-size window centred on the image, padding evenly where it is smaller. */
public final class EvaluationCrop implements ExampleAugmentation {

  @Override
  public void apply(SegmentationExample example, SplittableRandom random, CropTarget target) {
    WindowSampler.sample(example, window(example.height(), example.width(), target.size()), target);
  }

  static CropWindow window(int height, int width, int cropSize) {
    return new CropWindow(height, width, Math.floorDiv(height - cropSize, 2),
        Math.floorDiv(width - cropSize, 2), false);
  }
}
