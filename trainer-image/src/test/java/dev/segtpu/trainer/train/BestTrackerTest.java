package dev.segtpu.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.segtpu.trainer.checkpoint.BestMarker;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BestTrackerTest {

  private static BestTracker tracker(int patience, double minDelta) {
    return new BestTracker(Optional.of(new EarlyStopping("meanIoU", patience, minDelta)), "meanIoU", Optional.empty(), 0, 100);
  }

  @Test
  void everyHigherValueIsANewBestAndTrainingStopsAfterPatienceEvaluationsWithoutOne() {
    BestTracker best = tracker(2, 0);
    assertThat(best.evaluated(100, 1, 0.30)).isEqualTo(new BestTracker.Verdict(true, false, 0));
    assertThat(best.evaluated(200, 1, 0.40)).isEqualTo(new BestTracker.Verdict(true, false, 0));
    assertThat(best.evaluated(300, 1, 0.35)).isEqualTo(new BestTracker.Verdict(false, false, 1));
    assertThat(best.evaluated(400, 1, 0.40)).as("equal is no improvement").isEqualTo(new BestTracker.Verdict(false, true, 2));
    assertThat(best.best()).contains(new BestMarker(200, 1, "meanIoU", 0.40, 200, 0.40));
  }

  @Test
  void anImprovementBelowTheMinimumDeltaIsKeptAsTheBestCheckpointButDoesNotResetPatience() {
    BestTracker best = tracker(2, 0.05);
    best.evaluated(100, 1, 0.50);
    assertThat(best.evaluated(200, 1, 0.52)).isEqualTo(new BestTracker.Verdict(true, false, 1));
    assertThat(best.best()).contains(new BestMarker(200, 1, "meanIoU", 0.52, 100, 0.50));
    assertThat(best.evaluated(300, 1, 0.54)).as("0.04 above the last counted improvement")
        .isEqualTo(new BestTracker.Verdict(true, true, 2));
  }

  @Test
  void anImprovementByMoreThanTheMinimumDeltaResetsPatience() {
    BestTracker best = tracker(2, 0.05);
    best.evaluated(100, 1, 0.50);
    best.evaluated(200, 1, 0.52);
    assertThat(best.evaluated(300, 1, 0.56)).isEqualTo(new BestTracker.Verdict(true, false, 0));
    assertThat(best.best()).contains(new BestMarker(300, 1, "meanIoU", 0.56, 300, 0.56));
  }

  @Test
  void aRestartedAttemptCountsThePatienceUsedSinceTheLastCountedImprovement() {
    BestMarker marker = new BestMarker(300, 1, "meanIoU", 0.6, 200, 0.58);
    // resumed at step 500: evaluations at 300, 400 and 500 came after the counted one at 200
    BestTracker best = new BestTracker(Optional.of(new EarlyStopping("meanIoU", 4, 0.05)), "meanIoU", Optional.of(marker), 500, 100);
    assertThat(best.evaluated(600, 2, 0.59)).isEqualTo(new BestTracker.Verdict(false, true, 4));
  }

  @Test
  void withoutEarlyStoppingTheBestIsFollowedByMeanIoUAndTrainingNeverStops() {
    BestTracker best = new BestTracker(Optional.empty(), "meanIoU", Optional.empty(), 0, 10);
    best.evaluated(10, 1, 0.5);
    for (long step = 20; step <= 200; step += 10) {
      assertThat(best.evaluated(step, 1, 0.1).stop()).isFalse();
    }
    assertThat(best.metric()).isEqualTo("meanIoU");
    assertThat(best.best()).map(BestMarker::step).contains(10L);
  }

  @Test
  void aBestMarkerOfAnotherMetricOrBeyondTheRestoredStepIsNotCarriedOver() {
    BestMarker pixel = new BestMarker(100, 1, "pixelAccuracy", 0.9, 100, 0.9);
    assertThat(new BestTracker(Optional.empty(), "meanIoU", Optional.of(pixel), 200, 100).best()).isEmpty();
    BestMarker later = new BestMarker(300, 1, "meanIoU", 0.9, 300, 0.9);
    assertThat(new BestTracker(Optional.empty(), "meanIoU", Optional.of(later), 200, 100).best()).isEmpty();
  }

  @Test
  void earlyStoppingRefusesUnknownMetricsAndPatienceBelowOne() {
    assertThatThrownBy(() -> new EarlyStopping("loss", 1, 0)).hasMessageContaining("unknown metric 'loss'");
    assertThatThrownBy(() -> new EarlyStopping("meanIoU", 0, 0)).hasMessageContaining("patience must be at least 1");
    assertThatThrownBy(() -> new EarlyStopping("meanIoU", 1, -0.1)).hasMessageContaining("minDelta must be 0 or more");
  }
}
