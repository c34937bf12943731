package dev.segtpu.trainer.input.augment;

import dev.segtpu.trainer.input.SegmentationExample;
import java.util.SplittableRandom;

/**
 * The DeepLab reference's training augmentation: scale by a factor drawn from {0.5, 0.75, …, 2.0}
 * (bilinear image, nearest labels), pad bottom and right to the crop size (mean pixel, ignore label),
 * crop a random window, flip horizontally with probability ½.
 */
public final class TrainingAugmentation implements ExampleAugmentation {

  private static final float MIN_SCALE = 0.5f;
  private static final float MAX_SCALE = 2.0f;
  private static final float SCALE_STEP = 0.25f;
  private static final int SCALE_CHOICES = Math.round((MAX_SCALE - MIN_SCALE) / SCALE_STEP) + 1;

  @Override
  public void apply(SegmentationExample example, SplittableRandom random, CropTarget target) {
    float scale = MIN_SCALE + SCALE_STEP * random.nextInt(SCALE_CHOICES);
    // Truncation as in the reference (cast of float size * scale to int32).
    int scaledHeight = Math.max(1, (int) (example.height() * scale));
    int scaledWidth = Math.max(1, (int) (example.width() * scale));
    int size = target.size();
    int top = random.nextInt(Math.max(size, scaledHeight) - size + 1);
    int left = random.nextInt(Math.max(size, scaledWidth) - size + 1);
    boolean flip = random.nextBoolean();
    WindowSampler.sample(example, scaledHeight, scaledWidth, top, left, flip, target);
  }
}
