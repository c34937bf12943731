package dev.segtpu.trainer.input.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.segtpu.trainer.input.coco.Instance;
import dev.segtpu.trainer.input.coco.InstanceExample;
import dev.segtpu.trainer.input.coco.PixelBox;
import dev.segtpu.trainer.input.synthetic.SyntheticInstanceScenes;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InstanceAugmentationTest {

  private static final SyntheticInstanceScenes SCENES = new SyntheticInstanceScenes(3, 5);

  @Test
  void aFlipMirrorsImageMasksAndBoxesSoEachBoxStaysTheTightBoxOfItsMask() {
    InstanceExample scene = SCENES.render(4, 30, 44);
    assertThat(scene.instances()).isNotEmpty();

    InstanceExample flipped = HorizontalFlip.of(scene);

    for (int y = 0; y < 30; y++) {
      for (int x = 0; x < 44; x++) {
        int mirrored = y * 44 + 43 - x;
        for (int c = 0; c < 3; c++) {
          assertThat(flipped.rgb()[(y * 44 + x) * 3 + c]).isEqualTo(scene.rgb()[mirrored * 3 + c]);
        }
        for (int k = 0; k < scene.instances().size(); k++) {
          assertThat(flipped.instances().get(k).mask()[y * 44 + x]).isEqualTo(scene.instances().get(k).mask()[mirrored]);
        }
      }
    }
    for (Instance instance : flipped.instances()) {
      assertThat(instance.box()).isEqualTo(PixelBox.around(instance.mask(), 44));
    }
  }

  @Test
  void trainingFlipsAboutHalfTheTimeAndEveryKeptBoxStaysTheTightBoxOfItsMask() {
    // the long side is already the output size: scale 1, so only the flip changes geometry
    Set<Boolean> seen = new HashSet<>();
    for (int seed = 0; seed < 20; seed++) {
      InstanceExample scene = SCENES.render(seed, 30, 44);
      AugmentedInstances out = InstanceAugmentation.training(44).apply(scene, new SplittableRandom(seed));
      seen.add(out.flipped());
      assertThat(out.scale()).isEqualTo(1.0);
      assertThat(out.instances()).hasSameSizeAs(scene.instances());
      for (Instance instance : out.instances()) {
        assertThat(instance.box()).isEqualTo(PixelBox.around(instance.mask(), 44));
      }
    }
    assertThat(seen).containsExactlyInAnyOrder(true, false);
  }

  @Test
  void evaluationNeverFlips() {
    InstanceExample scene = SCENES.render(1, 30, 44);
    AugmentedInstances unflipped = InstanceResize.apply(scene, SquareFit.of(30, 44, 44), false);
    for (int seed = 0; seed < 10; seed++) {
      AugmentedInstances out = InstanceAugmentation.evaluation(44).apply(scene, new SplittableRandom(seed));
      assertThat(out.flipped()).isFalse();
      assertThat(out.image()).isEqualTo(unflipped.image());
    }
  }

  @Test
  void theSameRandomSeedAugmentsAnExampleTheSameWay() {
    InstanceExample scene = SCENES.render(2, 40, 36);
    AugmentedInstances first = InstanceAugmentation.training(32).apply(scene, new SplittableRandom(11));
    AugmentedInstances second = InstanceAugmentation.training(32).apply(scene, new SplittableRandom(11));

    assertThat(second.flipped()).isEqualTo(first.flipped());
    assertThat(second.image()).isEqualTo(first.image());
    assertThat(second.instances()).hasSameSizeAs(first.instances());
    for (int k = 0; k < first.instances().size(); k++) {
      assertThat(second.instances().get(k).box()).isEqualTo(first.instances().get(k).box());
      assertThat(second.instances().get(k).mask()).isEqualTo(first.instances().get(k).mask());
    }
  }

  @Test
  void aWideImageIsScaledSoItsLongSideFillsTheSquareAndPaddedBelow() {
    // 60 wide, 30 tall, to 64: scale 64/60, scaled 64x32, rows 32..63 padding
    InstanceExample example = wideExample();

    AugmentedInstances out = InstanceAugmentation.evaluation(64).apply(example, new SplittableRandom(0));

    assertThat(out.scale()).isCloseTo(64 / 60.0, within(1e-12));
    // legacy sampling: output x reads source x * 60/64 = 0.9375 x
    assertThat(red(out, 0, 0)).isEqualTo(0f);
    assertThat(red(out, 1, 1)).isCloseTo(0.9375f * 4, within(1e-4f));
    assertThat(green(out, 1, 1)).isCloseTo(0.9375f, within(1e-4f));
    assertThat(red(out, 31, 63)).isCloseTo(59 * 4, within(1e-4f));
    for (int y = 32; y < 64; y++) {
      for (int x = 0; x < 64; x++) {
        assertThat(red(out, y, x)).isEqualTo(CropTarget.PAD_PIXEL);
      }
    }
    // the zero-width box is dropped; the object and the flagged crowd stay, in record order
    assertThat(out.instances()).extracting(Instance::categoryId).containsExactly(3, 4);
    assertThat(out.instances()).extracting(Instance::crowd).containsExactly(false, true);
    Instance object = out.instances().get(0);
    assertThat(object.box().x0()).isCloseTo(6.4, within(1e-9));
    assertThat(object.box().y0()).isCloseTo(3.2, within(1e-9));
    assertThat(object.box().x1()).isCloseTo(32, within(1e-9));
    assertThat(object.box().y1()).isCloseTo(16, within(1e-9));
    assertThat(object.area()).isCloseTo(288 * (64 / 60f) * (64 / 60f), within(1e-3f));
    // nearest: source column floor(0.9375 x) in 6..29 for x in 7..31, rows 3..14 for y in 4..15
    assertThat(object.mask()).hasSize(64 * 64);
    assertThat(object.mask()).isEqualTo(rectangle(64, 64, 7, 4, 32, 16));
  }

  @Test
  void aTallImageIsPaddedOnTheRight() {
    SquareFit fit = SquareFit.of(60, 30, 64);

    assertThat(fit.scaledHeight()).isEqualTo(64);
    assertThat(fit.scaledWidth()).isEqualTo(32);
    assertThat(fit.scale()).isCloseTo(64 / 60.0, within(1e-12));
  }

  private static InstanceExample wideExample() {
    int width = 60;
    int height = 30;
    byte[] rgb = new byte[width * height * 3];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        rgb[(y * width + x) * 3] = (byte) (x * 4);
        rgb[(y * width + x) * 3 + 1] = (byte) y;
        rgb[(y * width + x) * 3 + 2] = 7;
      }
    }
    boolean[] object = rectangle(width, height, 6, 3, 30, 15);
    boolean[] crowd = rectangle(width, height, 40, 20, 50, 30);
    boolean[] sliver = new boolean[width * height];
    return new InstanceExample("wide", width, height, rgb, List.of(
        new Instance(3, new PixelBox(6, 3, 30, 15), 288, false, object),
        new Instance(5, new PixelBox(10, 5, 10, 8), 0, false, sliver),
        new Instance(4, new PixelBox(40, 20, 50, 30), 100, true, crowd)));
  }

  /** A width×height mask, true on columns x0..x1−1 and rows y0..y1−1. */
  private static boolean[] rectangle(int width, int height, int x0, int y0, int x1, int y1) {
    boolean[] mask = new boolean[width * height];
    for (int y = y0; y < y1; y++) {
      for (int x = x0; x < x1; x++) {
        mask[y * width + x] = true;
      }
    }
    return mask;
  }

  private static float red(AugmentedInstances out, int y, int x) {
    return out.image()[(y * out.size() + x) * 3];
  }

  private static float green(AugmentedInstances out, int y, int x) {
    return out.image()[(y * out.size() + x) * 3 + 1];
  }
}
