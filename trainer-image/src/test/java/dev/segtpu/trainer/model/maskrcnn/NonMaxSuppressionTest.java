package dev.segtpu.trainer.model.maskrcnn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segtpu.trainer.model.maskrcnn.targets.Box;
import java.util.List;
import org.junit.jupiter.api.Test;

class NonMaxSuppressionTest {

  private static final NonMaxSuppression REFERENCE = new NonMaxSuppression(0.7, 1000);
  private static final Box BOX = new Box(0, 0, 10, 10);
  /** IoU with {@link #BOX}: 90 / 110, above 0.7. */
  private static final Box SHIFTED = new Box(0, 1, 10, 11);
  private static final Box DISJOINT = new Box(20, 20, 30, 30);

  @Test
  void ofTwoOverlappingBoxesOnlyTheHigherScoringOneIsKept() {
    assertThat(REFERENCE.select(List.of(BOX, SHIFTED), new double[] {0.4, 0.9})).containsExactly(1);
    assertThat(REFERENCE.select(List.of(BOX, SHIFTED), new double[] {0.9, 0.4})).containsExactly(0);
  }

  @Test
  void twoDisjointBoxesAreBothKeptHighestFirst() {
    assertThat(REFERENCE.select(List.of(BOX, DISJOINT), new double[] {0.4, 0.9})).containsExactly(1, 0);
  }

  @Test
  void equalScoresKeepTheInputOrderSoTheEarlierOfTwoOverlappingBoxesWins() {
    assertThat(REFERENCE.select(List.of(SHIFTED, BOX, DISJOINT), new double[] {0.5, 0.5, 0.5})).containsExactly(0, 2);
    assertThat(REFERENCE.select(List.of(BOX, SHIFTED, DISJOINT), new double[] {0.5, 0.5, 0.5})).containsExactly(0, 2);
  }

  @Test
  void anOverlapExactlyAtTheThresholdSuppressesAsTheReferenceDoes() {
    Box half = new Box(0, 0, 10, 5);
    assertThat(new NonMaxSuppression(0.5, 10).select(List.of(BOX, half), new double[] {0.9, 0.8})).containsExactly(0);
  }

  @Test
  void noMoreThanTheMaximumAreKept() {
    assertThat(new NonMaxSuppression(0.7, 1).select(List.of(BOX, DISJOINT), new double[] {0.4, 0.9})).containsExactly(1);
  }
}
