package dev.segtpu.trainer.model.maskrcnn.targets;

import static dev.segtpu.trainer.model.maskrcnn.targets.AnchorsTest.assertBox;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class BoxCoderTest {

  // pixel-inclusive: 10 x 10, centre (5, 5)
  private static final Box ANCHOR = new Box(0, 0, 9, 9);

  @Test
  void aBoxShiftedByHalfTheAnchorsHeightEncodesAsHalf() {
    // 10 x 10, centre (10, 5)
    BoxDelta delta = BoxCoder.RPN.encode(new Box(5, 0, 14, 9), ANCHOR);
    assertThat(delta).isEqualTo(new BoxDelta(0.5, 0, 0, 0));
  }

  @Test
  void theBoxHeadsWeightsScaleEachComponent() {
    // 20 x 20, centre (10, 10): offsets 5 / 10, sizes log 2
    BoxDelta delta = BoxCoder.BOX_HEAD.encode(new Box(0, 0, 19, 19), ANCHOR);
    assertThat(delta.dy()).isCloseTo(10 * 0.5, within(1e-12));
    assertThat(delta.dx()).isCloseTo(10 * 0.5, within(1e-12));
    assertThat(delta.dh()).isCloseTo(5 * Math.log(2), within(1e-12));
    assertThat(delta.dw()).isCloseTo(5 * Math.log(2), within(1e-12));
  }

  @Test
  void decodingAnEncodedBoxGivesTheBoxBack() {
    Box box = new Box(12.5, -3, 40, 77.25);
    Box anchor = new Box(-14, -10, 18, 22);
    for (BoxCoder coder : new BoxCoder[] {BoxCoder.RPN, BoxCoder.BOX_HEAD}) {
      assertBox(coder.decode(coder.encode(box, anchor), anchor), 12.5, -3, 40, 77.25);
    }
  }

  @Test
  void decodingCapsTheGrowthAtAThousandOverSixteen() {
    // th, tw of 10 would be e^10 times the anchor; capped at 1000 / 16 = 62.5: 625 px around the centre 5
    Box decoded = BoxCoder.RPN.decode(new BoxDelta(0, 0, 10, 10), ANCHOR);
    assertBox(decoded, 5 - 312.5, 5 - 312.5, 5 + 312.5 - 1, 5 + 312.5 - 1);
  }

  @Test
  void iouIsIntersectionOverUnionForEveryPair() {
    Box square = new Box(0, 0, 10, 10);
    double[][] iou =
        Boxes.iou(
            List.of(square, new Box(20, 20, 30, 30)),
            List.of(square, new Box(0, 5, 10, 15)));
    // 50 / (100 + 100 - 50) for the half-overlapping pair; disjoint boxes 0
    assertThat(iou[0]).containsExactly(new double[] {1, 1.0 / 3}, within(1e-12));
    assertThat(iou[1]).containsExactly(0, 0);
  }

  @Test
  void clippingKeepsEveryCoordinateOnAPixelOfTheImage() {
    assertThat(Boxes.clip(new Box(-5, 3, 70, 80), 64, 48)).isEqualTo(new Box(0, 3, 63, 47));
  }
}
