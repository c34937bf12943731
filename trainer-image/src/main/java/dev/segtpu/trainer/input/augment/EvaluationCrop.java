package dev.segtpu.trainer.input.augment;

import dev.segtpu.trainer.input.SegmentationExample;
import java.util.SplittableRandom;

/** Evaluation: no augmentation; the crop-size window centred on the image, padding evenly where it is smaller. */
public final class EvaluationCrop implements ExampleAugmentation {

  @Override
  public void apply(SegmentationExample example, SplittableRandom random, CropTarget target) {
    int top = Math.floorDiv(example.height() - target.size(), 2);
    int left = Math.floorDiv(example.width() - target.size(), 2);
    WindowSampler.sample(example, example.height(), example.width(), top, left, false, target);
  }
}
