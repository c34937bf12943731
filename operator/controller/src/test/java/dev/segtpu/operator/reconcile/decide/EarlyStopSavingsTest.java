package dev.segtpu.operator.reconcile.decide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segtpu.api.SegmentationTrainingJobStatus;
import dev.segtpu.api.SegmentationTrainingJobStatus.CostStatus;
import org.junit.jupiter.api.Test;

class EarlyStopSavingsTest {

  /** The status last written before the stop, with its cost so far and projected (as written: rounded). */
  private static SegmentationTrainingJobStatus costing(double soFarUSD, double projectedUSD) {
    SegmentationTrainingJobStatus before = new SegmentationTrainingJobStatus();
    before.cost = new CostStatus();
    before.cost.soFarUSD = soFarUSD;
    before.cost.projectedUSD = projectedUSD;
    return before;
  }

  @Test
  void theCostSavedIsRoundedAsTheFiguresItIsTheDifferenceOf() {
    SegmentationTrainingJobStatus.EarlyStopStatus saved = EarlyStopSavings.of(500, 2000, costing(0.0175, 0.0351));

    assertThat(0.0351 - 0.0175).as("the unrounded difference").isNotEqualTo(0.0176);
    assertThat(saved.costSavedUSD).isEqualTo(0.0176);
  }

  @Test
  void aCostProjectedBelowWhatWasSpentSavesNothing() {
    assertThat(EarlyStopSavings.of(500, 2000, costing(2.0, 1.5)).costSavedUSD).isZero();
  }
}
