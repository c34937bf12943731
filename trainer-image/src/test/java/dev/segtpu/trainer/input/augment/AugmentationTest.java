package dev.segtpu.trainer.input.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.segtpu.trainer.input.SegmentationExample;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AugmentationTest {

  private static final int IGNORE = SegmentationExample.IGNORE_LABEL;

  @Test
  void evaluationTakesTheCentreWindowOfALargerImageUnchanged() {
    SegmentationExample example = gradient(7, 9);
    Slot slot = new Slot(5);

    new EvaluationCrop().apply(example, new SplittableRandom(1), slot.target());

    // centre of 7x9 for a 5x5 window starts at (1, 2)
    for (int y = 0; y < 5; y++) {
      for (int x = 0; x < 5; x++) {
        assertThat(slot.red(y, x)).isEqualTo(red(example, y + 1, x + 2));
        assertThat(slot.label(y, x)).isEqualTo(example.label(y + 1, x + 2));
      }
    }
  }

  @Test
  void evaluationPadsASmallerImageEvenlyWithTheMeanPixelAndIgnoreLabel() {
    SegmentationExample example = gradient(2, 2);
    Slot slot = new Slot(4);

    new EvaluationCrop().apply(example, new SplittableRandom(1), slot.target());

    assertThat(slot.label(0, 0)).isEqualTo(IGNORE);
    assertThat(slot.red(0, 0)).isEqualTo(CropTarget.PAD_PIXEL);
    assertThat(slot.label(1, 1)).isEqualTo(example.label(0, 0));
    assertThat(slot.label(2, 2)).isEqualTo(example.label(1, 1));
    assertThat(slot.label(3, 3)).isEqualTo(IGNORE);
    assertThat(slot.red(3, 3)).isEqualTo(CropTarget.PAD_PIXEL);
  }

  @Test
  void upscalingInterpolatesTheImageWithAlignedCornersAndTakesNearestLabels() {
    // 2x2 image rescaled to 3x3: corners stay, midpoints are averages (align_corners=True)
    SegmentationExample example = new SegmentationExample("2x2", 2, 2,
        rgb(new int[] {0, 100, 200, 40}), new byte[] {1, 2, 3, 4});
    Slot slot = new Slot(3);

    WindowSampler.sample(example, new CropWindow(3, 3, 0, 0, false), slot.target());

    assertThat(slot.red(0, 0)).isEqualTo(0f);
    assertThat(slot.red(0, 1)).isCloseTo(50f, within(1e-4f));
    assertThat(slot.red(0, 2)).isEqualTo(100f);
    assertThat(slot.red(1, 1)).isCloseTo((0 + 100 + 200 + 40) / 4f, within(1e-4f));
    assertThat(slot.red(2, 1)).isCloseTo(120f, within(1e-4f));
    // nearest with align_corners: source = round(1 * 0.5) = 1 (half rounds up, as roundf)
    assertThat(slot.label(0, 0)).isEqualTo(1);
    assertThat(slot.label(0, 1)).isEqualTo(2);
    assertThat(slot.label(1, 0)).isEqualTo(3);
    assertThat(slot.label(2, 2)).isEqualTo(4);
  }

  @Test
  void flipMirrorsTheWindowAndPaddingStaysBottomRightOfTheUnflippedImage() {
    SegmentationExample example = gradient(3, 3);
    Slot plain = new Slot(4);
    Slot mirrored = new Slot(4);

    WindowSampler.sample(example, new CropWindow(3, 3, 0, 0, false), plain.target());
    WindowSampler.sample(example, new CropWindow(3, 3, 0, 0, true), mirrored.target());

    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 4; x++) {
        assertThat(mirrored.label(y, x)).isEqualTo(plain.label(y, 3 - x));
        assertThat(mirrored.red(y, x)).isEqualTo(plain.red(y, 3 - x));
      }
    }
    assertThat(plain.label(0, 3)).isEqualTo(IGNORE);
    assertThat(plain.label(3, 0)).isEqualTo(IGNORE);
    assertThat(plain.label(2, 2)).isEqualTo(example.label(2, 2));
  }

  @Test
  void trainingDrawsTheSevenReferenceScalesWindowsInsideThePaddedImageAndBothFlips() {
    Set<Integer> scaledHeights = new HashSet<>();
    Set<Boolean> flips = new HashSet<>();
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 2000; i++) {
      CropWindow window = TrainingAugmentation.window(100, 80, 64, random);
      scaledHeights.add(window.scaledHeight());
      flips.add(window.flip());
      assertThat(window.top()).isBetween(0, Math.max(64, window.scaledHeight()) - 64);
      assertThat(window.left()).isBetween(0, Math.max(64, window.scaledWidth()) - 64);
      assertThat(window.scaledWidth()).isEqualTo((int) (80 * (window.scaledHeight() / 100f)));
    }
    assertThat(scaledHeights).containsExactlyInAnyOrder(50, 75, 100, 125, 150, 175, 200);
    assertThat(flips).containsExactlyInAnyOrder(true, false);
  }

  @Test
  void trainingAugmentationIsAFunctionOfItsRandomStream() {
    SegmentationExample example = gradient(40, 50);
    Slot first = new Slot(32);
    Slot second = new Slot(32);

    new TrainingAugmentation().apply(example, new SplittableRandom(9), first.target());
    new TrainingAugmentation().apply(example, new SplittableRandom(9), second.target());

    assertThat(first.images).isEqualTo(second.images);
    assertThat(first.labels).isEqualTo(second.labels);
  }

  /** Red = 10·y + x (capped), labels = (y + x) mod 3. */
  private static SegmentationExample gradient(int height, int width) {
    int[] red = new int[height * width];
    byte[] labels = new byte[height * width];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        red[y * width + x] = Math.min(255, 10 * y + x);
        labels[y * width + x] = (byte) ((y + x) % 3);
      }
    }
    return new SegmentationExample("gradient", height, width, rgb(red), labels);
  }

  private static byte[] rgb(int[] red) {
    byte[] rgb = new byte[red.length * 3];
    for (int i = 0; i < red.length; i++) {
      rgb[i * 3] = (byte) red[i];
      rgb[i * 3 + 1] = (byte) (255 - red[i]);
      rgb[i * 3 + 2] = 7;
    }
    return rgb;
  }

  private static float red(SegmentationExample example, int y, int x) {
    return example.rgb()[(y * example.width() + x) * 3] & 0xff;
  }

  /** Slot 1 of a two-slot batch, to prove offsets are honoured. */
  private static final class Slot {
    final int size;
    final float[] images;
    final int[] labels;

    Slot(int size) {
      this.size = size;
      this.images = new float[2 * size * size * 3];
      this.labels = new int[2 * size * size];
    }

    CropTarget target() {
      return new CropTarget(images, labels, 1, size);
    }

    float red(int y, int x) {
      return images[size * size * 3 + (y * size + x) * 3];
    }

    int label(int y, int x) {
      return labels[size * size + y * size + x];
    }
  }
}
