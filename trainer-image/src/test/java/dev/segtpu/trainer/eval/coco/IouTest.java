package dev.segtpu.trainer.eval.coco;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class IouTest {

  private static final Box TEN_BY_TEN = new Box(0, 0, 10, 10);
  // Overlaps TEN_BY_TEN in x 5..10, y 0..10: 50 px of its own 1000.
  private static final Box WIDE = new Box(5, 0, 100, 10);

  @Test
  void boxIouIsIntersectionOverUnion() {
    // 50 / (100 + 1000 - 50)
    assertThat(Iou.boxes(TEN_BY_TEN, WIDE, false)).isCloseTo(50.0 / 1050, within(1e-15));
  }

  @Test
  void againstACrowdBoxTheOverlapIsIntersectionOverTheDetectionsArea() {
    // 50 / 100: the crowd's own 1000 px do not count
    assertThat(Iou.boxes(TEN_BY_TEN, WIDE, true)).isEqualTo(0.5);
  }

  @Test
  void boxesThatOnlyTouchDoNotOverlap() {
    assertThat(Iou.boxes(TEN_BY_TEN, new Box(10, 0, 10, 10), false)).isZero();
    assertThat(Iou.boxes(TEN_BY_TEN, new Box(0, 10, 10, 10), true)).isZero();
  }

  @Test
  void maskIouCountsPixelsInBothOverPixelsInEither() {
    BinaryMask groundTruth = Masks.rectangle(10, 10, 0, 0, 6, 10); // columns 0-5: 60 px
    BinaryMask detection = Masks.rectangle(10, 10, 2, 0, 10, 10); // columns 2-9: 80 px
    // both: columns 2-5, 40 px; either: all 100 px
    assertThat(Iou.masks(detection, groundTruth, false)).isEqualTo(0.4);
  }

  @Test
  void againstACrowdMaskTheOverlapIsIntersectionOverTheDetectionsPixels() {
    BinaryMask groundTruth = Masks.rectangle(10, 10, 0, 0, 6, 10);
    BinaryMask detection = Masks.rectangle(10, 10, 2, 0, 10, 10);
    // 40 of the detection's 80 px
    assertThat(Iou.masks(detection, groundTruth, true)).isEqualTo(0.5);
  }

  @Test
  void disjointMasksDoNotOverlapEvenAgainstACrowd() {
    BinaryMask left = Masks.rectangle(10, 10, 0, 0, 5, 10);
    BinaryMask right = Masks.rectangle(10, 10, 5, 0, 10, 10);
    assertThat(Iou.masks(right, left, false)).isZero();
    assertThat(Iou.masks(right, left, true)).isZero();
  }

  @Test
  void masksOfDifferentSizesAreRejected() {
    assertThatThrownBy(() -> Iou.masks(Masks.rectangle(10, 10, 0, 0, 5, 5), Masks.rectangle(10, 9, 0, 0, 5, 5), false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("10x10 and 10x9");
  }
}
