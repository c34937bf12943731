package dev.segtpu.trainer.input.augment;

import dev.segtpu.trainer.input.SegmentationExample;
import java.util.SplittableRandom;

/** Turns one decoded example into one fixed-size batch slot; all randomness comes from {@code random}. */
public interface ExampleAugmentation {

  void apply(SegmentationExample example, SplittableRandom random, CropTarget target);
}
