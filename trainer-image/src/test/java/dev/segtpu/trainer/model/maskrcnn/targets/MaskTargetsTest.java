package dev.segtpu.trainer.model.maskrcnn.targets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MaskTargetsTest {

  private static final int N = MaskTargets.RESOLUTION;

  @Test
  void aRectangleSampledAtTwicePixelSizeIsTheRectangleHalved() {
    // cells 2 px tall and wide: cell i samples pixel 2i + 1 exactly (no blending)
    InstanceMask mask = rectangle(56, 56, 10, 29, 20, 39);
    // rows 2i + 1 in 10..29: i in 5..14; columns 2j + 1 in 20..39: j in 10..19
    assertThat(MaskTargets.crop(mask, new Box(0, 0, 56, 56))).containsExactly(pattern(5, 14, 10, 19));
  }

  @Test
  void aSampleHalfOnTheObjectCountsAsObject() {
    // cells 1 px tall, 2 px wide: cell (i, j) samples y = i + 0.5, half on row i and half on row i + 1, and
    // exactly column 2j + 1; a blend of 0.5 reaches the threshold
    InstanceMask mask = rectangle(28, 56, 8, 15, 0, 55);
    // row 7 is half on row 8, row 15 half on itself
    assertThat(MaskTargets.crop(mask, new Box(0, 0, 28, 56))).containsExactly(pattern(7, 15, 0, 27));
  }

  @Test
  void whatLiesOutsideTheImageIsNotObject() {
    InstanceMask full = rectangle(28, 28, 0, 27, 0, 27);
    // cells 2 px tall from y = -28: cell i samples y = 2i - 27, inside the image from i = 14
    assertThat(MaskTargets.crop(full, new Box(-28, 0, 28, 28))).containsExactly(pattern(14, 27, 0, 27));
  }

  @Test
  void onlyForegroundRoisGetMasksTakenFromTheirMatchedObject() {
    InstanceMask first = rectangle(56, 56, 0, 27, 0, 55);
    InstanceMask second = rectangle(56, 56, 10, 29, 20, 39);
    Box whole = new Box(0, 0, 56, 56);
    List<Roi> rois =
        List.of(new Roi(whole, 0, BoxDelta.ZERO, -1), new Roi(whole, 5, BoxDelta.ZERO, 1));
    List<float[]> targets = MaskTargets.forForeground(rois, List.of(first, second));
    assertThat(targets).hasSize(1);
    assertThat(targets.get(0)).containsExactly(pattern(5, 14, 10, 19));
  }

  /** An image of {@code height × width} whose rows and columns in the inclusive ranges are on the object. */
  private static InstanceMask rectangle(int height, int width, int top, int bottom, int left, int right) {
    boolean[] pixels = new boolean[height * width];
    for (int r = top; r <= bottom; r++) {
      for (int c = left; c <= right; c++) {
        pixels[r * width + c] = true;
      }
    }
    return new InstanceMask(height, width, pixels);
  }

  /** The expected 28 × 28 target: 1 in the inclusive row and column ranges, 0 elsewhere. */
  private static float[] pattern(int top, int bottom, int left, int right) {
    float[] expected = new float[N * N];
    for (int i = top; i <= bottom; i++) {
      for (int j = left; j <= right; j++) {
        expected[i * N + j] = 1f;
      }
    }
    return expected;
  }
}
