package dev.segtpu.trainer.model.maskrcnn.targets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoiSamplerTest {

  private static final Box OBJECT = new Box(0, 0, 100, 100);

  @Test
  void fiveHundredTwelveRoisAreSampledAQuarterOfThemForeground() {
    List<Roi> rois = RoiSampler.REFERENCE.sample(manyProposals(), List.of(new GroundTruth(OBJECT, 2, false)), 3);
    assertThat(rois).hasSize(512);
    assertThat(rois.stream().filter(Roi::foreground).count()).isEqualTo(128);
    assertThat(rois).filteredOn(Roi::foreground).allSatisfy(roi -> assertThat(roi.classTarget()).isEqualTo(2));
    assertThat(rois).filteredOn(roi -> !roi.foreground())
        .allSatisfy(roi -> assertThat(roi).isEqualTo(new Roi(roi.box(), 0, BoxDelta.ZERO, -1)));
  }

  @Test
  void theSameSeedDrawsTheSameRoisAndAnotherSeedOthers() {
    List<GroundTruth> objects = List.of(new GroundTruth(OBJECT, 2, false));
    List<Roi> once = RoiSampler.REFERENCE.sample(manyProposals(), objects, 9);
    assertThat(RoiSampler.REFERENCE.sample(manyProposals(), objects, 9)).isEqualTo(once);
    assertThat(RoiSampler.REFERENCE.sample(manyProposals(), objects, 10)).isNotEqualTo(once);
  }

  @Test
  void theGroundTruthIsAppendedToTheProposalsAsARoiOfItsOwn() {
    List<Roi> rois = RoiSampler.REFERENCE.sample(List.of(), List.of(new GroundTruth(OBJECT, 4, false)), 1);
    assertThat(rois).containsExactly(new Roi(OBJECT, 4, BoxDelta.ZERO, 0));
  }

  @Test
  void halfOverlapIsForegroundAndLessIsBackgroundInProposalOrder() {
    Box object = new Box(0, 0, 10, 10);
    Box half = new Box(0, 0, 10, 5); // IoU 50 / 100
    Box less = new Box(0, 0, 10, 4); // IoU 40 / 100
    List<Roi> rois = RoiSampler.REFERENCE.sample(List.of(half, less), List.of(new GroundTruth(object, 7, false)), 1);

    assertThat(rois).extracting(Roi::box).containsExactly(half, less, object);
    assertThat(rois).extracting(Roi::classTarget).containsExactly(7, 0, 7);
    assertThat(rois).extracting(Roi::groundTruth).containsExactly(0, -1, 0);
    // pixel-inclusive: object 11 x 11 centred at x 5.5, RoI 11 x 6 centred at x 3
    BoxDelta target = rois.get(0).boxTarget();
    assertThat(target.dy()).isZero();
    assertThat(target.dx()).isCloseTo(10 * 2.5 / 6, within(1e-12));
    assertThat(target.dh()).isZero();
    assertThat(target.dw()).isCloseTo(5 * Math.log(11.0 / 6), within(1e-12));
  }

  @Test
  void aCrowdIsNeitherMatchedNorAppendedButIndicesStayTheCallers() {
    Box crowd = new Box(50, 50, 60, 60);
    Box object = new Box(0, 0, 10, 10);
    List<GroundTruth> groundTruths = List.of(new GroundTruth(crowd, 1, true), new GroundTruth(object, 3, false));
    List<Roi> rois = RoiSampler.REFERENCE.sample(List.of(crowd, object), groundTruths, 1);
    assertThat(rois)
        .containsExactly(
            new Roi(crowd, 0, BoxDelta.ZERO, -1),
            new Roi(object, 3, BoxDelta.ZERO, 1),
            new Roi(object, 3, BoxDelta.ZERO, 1));
  }

  /** 300 proposals on OBJECT shifted down 0-9 px (IoU 0.83 or more), 700 far away (IoU 0). */
  private static List<Box> manyProposals() {
    List<Box> proposals = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      proposals.add(new Box(i % 10, 0, 100 + i % 10, 100));
    }
    for (int i = 0; i < 700; i++) {
      proposals.add(new Box(300 + i, 300, 310 + i, 310));
    }
    return proposals;
  }
}
