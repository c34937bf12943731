package dev.segtpu.trainer.model.maskrcnn.targets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RpnTargetsTest {

  private static final Anchors SIXTY_FOUR = Anchors.forImage(64, 64);

  @Test
  void anObjectNoAnchorOverlapsBySevenTenthsStillGetsItsBestAnchorAsTheOnlyPositive() {
    // a 10 x 10 object: the smallest anchors are 32 px, so no IoU reaches 0.7
    Box object = new Box(20, 20, 30, 30);
    int best = bestAnchor(object);
    assertThat(Boxes.iou(object, SIXTY_FOUR.boxes().get(best))).isLessThan(0.7);

    int[] labels = flatLabels(RpnTargets.REFERENCE.label(SIXTY_FOUR, List.of(new GroundTruth(object, 1, false)), 7));

    assertThat(labels[best]).isEqualTo(LevelTargets.POSITIVE);
    assertThat(count(labels, LevelTargets.POSITIVE)).isOne();
    assertThat(count(labels, LevelTargets.NEGATIVE)).isEqualTo(255);
  }

  @Test
  void aPositiveAnchorsBoxTargetIsItsObjectEncodedAgainstIt() {
    Box object = new Box(20, 20, 30, 30);
    int best = bestAnchor(object);
    List<LevelTargets> levels =
        RpnTargets.REFERENCE.label(SIXTY_FOUR, List.of(new GroundTruth(object, 1, false)), 7);
    LevelTargets first = levels.get(0);
    assertThat(best).isLessThan(first.level().count()); // a 10 px object is best covered at level 2
    BoxDelta expected = BoxCoder.RPN.encode(object, SIXTY_FOUR.boxes().get(best));
    assertThat(Arrays.copyOfRange(first.boxTargets(), 4 * best, 4 * best + 4))
        .containsExactly(new double[] {expected.dy(), expected.dx(), expected.dh(), expected.dw()}, within(0.0));
    assertThat(Arrays.stream(first.boxTargets()).filter(v -> v != 0).count()).isLessThanOrEqualTo(4);
  }

  @Test
  void atMostHalfOfTheTwoHundredFiftySixSampledAnchorsArePositive() {
    // 300 objects exactly on level-2 anchors: 300 IoU-1 positives to choose 128 from
    Anchors anchors = Anchors.forImage(256, 256);
    List<GroundTruth> objects = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      objects.add(new GroundTruth(anchors.boxes().get(3 * i), 1, false));
    }
    int[] labels = flatLabels(RpnTargets.REFERENCE.label(anchors, objects, 11));
    assertThat(count(labels, LevelTargets.POSITIVE)).isEqualTo(128);
    assertThat(count(labels, LevelTargets.NEGATIVE)).isEqualTo(128);
  }

  @Test
  void theSameSeedDrawsTheSameSampleAndAnotherSeedAnother() {
    List<GroundTruth> objects = List.of(new GroundTruth(new Box(4, 4, 40, 36), 3, false));
    int[] once = flatLabels(RpnTargets.REFERENCE.label(SIXTY_FOUR, objects, 42));
    int[] again = flatLabels(RpnTargets.REFERENCE.label(SIXTY_FOUR, objects, 42));
    int[] other = flatLabels(RpnTargets.REFERENCE.label(SIXTY_FOUR, objects, 43));
    assertThat(again).isEqualTo(once);
    assertThat(other).isNotEqualTo(once);
    assertThat(count(other, LevelTargets.POSITIVE)).isEqualTo(count(once, LevelTargets.POSITIVE));
  }

  @Test
  void aCrowdIsNotAnObjectToMatch() {
    Box crowd = SIXTY_FOUR.boxes().get(0);
    int[] labels = flatLabels(RpnTargets.REFERENCE.label(SIXTY_FOUR, List.of(new GroundTruth(crowd, 1, true)), 5));
    assertThat(count(labels, LevelTargets.POSITIVE)).isZero();
    assertThat(count(labels, LevelTargets.NEGATIVE)).isEqualTo(256);
  }

  @Test
  void eachLevelsTargetsAreLaidOutAsItsHeadOutputs() {
    List<LevelTargets> levels = RpnTargets.REFERENCE.label(SIXTY_FOUR, List.of(), 1);
    assertThat(levels).extracting(level -> level.level().level()).containsExactly(2, 3, 4, 5, 6);
    assertThat(levels).allSatisfy(level -> {
      assertThat(level.labels()).hasSize(level.level().count());
      assertThat(level.boxTargets()).hasSize(4 * level.level().count());
    });
  }

  private static int bestAnchor(Box object) {
    int best = 0;
    for (int a = 1; a < SIXTY_FOUR.count(); a++) {
      if (Boxes.iou(object, SIXTY_FOUR.boxes().get(a)) > Boxes.iou(object, SIXTY_FOUR.boxes().get(best))) {
        best = a;
      }
    }
    return best;
  }

  private static int[] flatLabels(List<LevelTargets> levels) {
    return levels.stream().flatMapToInt(level -> Arrays.stream(level.labels())).toArray();
  }

  private static long count(int[] labels, int label) {
    return Arrays.stream(labels).filter(l -> l == label).count();
  }
}
