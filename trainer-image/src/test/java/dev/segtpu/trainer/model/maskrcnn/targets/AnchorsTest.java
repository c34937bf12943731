package dev.segtpu.trainer.model.maskrcnn.targets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class AnchorsTest {

  private static final Anchors SIXTY_FOUR = Anchors.forImage(64, 64);

  @Test
  void aSixtyFourPixelImageHasThreeAnchorsAtEveryLocationOfFiveLevels() {
    // levels 2..6: 16x16, 8x8, 4x4, 2x2, 1x1 locations, 3 shapes each
    assertThat(SIXTY_FOUR.count()).isEqualTo(3 * (256 + 64 + 16 + 4 + 1)).isEqualTo(1023);
    assertThat(SIXTY_FOUR.levels())
        .extracting(AnchorLevel::level, AnchorLevel::gridHeight, AnchorLevel::offset)
        .containsExactly(
            tuple(2, 16, 0),
            tuple(3, 8, 768),
            tuple(4, 4, 960),
            tuple(5, 2, 1008),
            tuple(6, 1, 1020));
  }

  @Test
  void theFirstAnchorsAreTheThreeShapesCentredHalfAStrideIntoTheImage() {
    // stride 4, centre (2, 2), base size 8 * 4 = 32; shapes (x, y) factors (1, 1), (1.4, 0.7), (0.7, 1.4)
    List<Box> boxes = SIXTY_FOUR.boxes();
    assertBox(boxes.get(0), -14, -14, 18, 18);
    assertBox(boxes.get(1), 2 - 11.2, 2 - 22.4, 2 + 11.2, 2 + 22.4);
    assertBox(boxes.get(2), 2 - 22.4, 2 - 11.2, 2 + 22.4, 2 + 11.2);
  }

  @Test
  void anchorsRunAlongARowBeforeTheNextRow() {
    List<Box> boxes = SIXTY_FOUR.boxes();
    assertBox(boxes.get(3), -14, -10, 18, 22); // column 1: centre x 6
    assertBox(boxes.get(3 * 16), -10, -14, 22, 18); // row 1, column 0: centre y 6
    assertThat(SIXTY_FOUR.levels().get(0).indexWithin(1, 0, 0)).isEqualTo(48);
  }

  @Test
  void theCoarsestLevelHasOneLocationAtTheImageCentre() {
    // stride 64, centre 32, base 512
    assertBox(SIXTY_FOUR.boxes().get(1020), -224, -224, 288, 288);
  }

  @Test
  void aRectangularImageHasAsManyColumnsAsItsWidthAllows() {
    Anchors anchors = Anchors.forImage(64, 128);
    assertThat(anchors.count()).isEqualTo(2 * 1023);
    assertThat(anchors.levels().get(4).gridWidth()).isEqualTo(2);
    assertBox(anchors.boxes().get(anchors.count() - 3), -224, -160, 288, 352);
  }

  @Test
  void anImageThatIsNotAMultipleOfTheCoarsestStrideIsRefused() {
    assertThatThrownBy(() -> Anchors.forImage(64, 96)).isInstanceOf(IllegalArgumentException.class);
  }

  static void assertBox(Box box, double ymin, double xmin, double ymax, double xmax) {
    assertThat(box.ymin()).isCloseTo(ymin, within(1e-9));
    assertThat(box.xmin()).isCloseTo(xmin, within(1e-9));
    assertThat(box.ymax()).isCloseTo(ymax, within(1e-9));
    assertThat(box.xmax()).isCloseTo(xmax, within(1e-9));
  }
}
