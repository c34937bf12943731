package dev.segtpu.trainer.input.augment;

import dev.segtpu.trainer.input.SegmentationExample;
import java.util.SplittableRandom;

/**
 * The DeepLab reference's training augmentation: scale by a factor drawn from {0.5, 0.75, …, 2.0}
 * (bilinear image, nearest labels), pad bottom and right to the crop size (mean pixel, ignore label),
 * crop a random window, flip horizontally with probability ½.
 */
public final class TrainingAugmentation implements ExampleAugmentation {

  static final float MIN_SCALE = 0.5f;
  static final float MAX_SCALE = 2.0f;
  static final float SCALE_STEP = 0.25f;
  private static final int SCALE_CHOICES = Math.round((MAX_SCALE - MIN_SCALE) / SCALE_STEP) + 1;

  @Override
  public void apply(SegmentationExample example, SplittableRandom random, CropTarget target) {
    WindowSampler.sample(example, window(example.height(), example.width(), target.size(), random), target);
  }

  static CropWindow window(int height, int width, int cropSize, SplittableRandom random) {
    float scale = MIN_SCALE + SCALE_STEP * random.nextInt(SCALE_CHOICES);
    // Truncation as in the reference (cast of float size * scale to int32).
    int scaledHeight = Math.max(1, (int) (height * scale));
    int scaledWidth = Math.max(1, (int) (width * scale));
    // Padding goes bottom and right, so the window's corner ranges over the padded image.
    int top = random.nextInt(Math.max(cropSize, scaledHeight) - cropSize + 1);
    int left = random.nextInt(Math.max(cropSize, scaledWidth) - cropSize + 1);
    return new CropWindow(scaledHeight, scaledWidth, top, left, random.nextBoolean());
  }
}
