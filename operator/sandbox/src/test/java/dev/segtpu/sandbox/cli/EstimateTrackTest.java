package dev.segtpu.sandbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segtpu.api.SegmentationTrainingJobStatus;
import org.junit.jupiter.api.Test;

class EstimateTrackTest {

  private static SegmentationTrainingJobStatus status(int percent, String finish, String projected) {
    SegmentationTrainingJobStatus status = new SegmentationTrainingJobStatus();
    status.progress = new SegmentationTrainingJobStatus.ProgressStatus();
    status.progress.percent = percent;
    status.estimate = new SegmentationTrainingJobStatus.EstimateStatus();
    status.estimate.admittedTime = "2026-12-02T10:00:00Z";
    status.estimate.finishTime = finish;
    status.estimate.projectedFinishTime = projected;
    return status;
  }

  @Test
  void theSummaryComparesTheAdmissionEstimateAndTheHalfwayProjectionWithTheActualFinish() {
    EstimateTrack track = new EstimateTrack();
    track.see(status(0, "2026-12-02T10:05:00Z", null));
    track.see(status(20, "2026-12-02T10:05:00Z", "2026-12-02T10:03:00Z"));
    track.see(status(55, "2026-12-02T10:05:00Z", "2026-12-02T10:01:25Z"));
    track.see(status(90, "2026-12-02T10:05:00Z", "2026-12-02T10:01:21Z"));
    SegmentationTrainingJobStatus finished = new SegmentationTrainingJobStatus();
    finished.completionTime = "2026-12-02T10:01:20Z";

    assertThat(track.describe(finished)).hasValue("finish estimated at admission 10:05:00, projected at 50 % 10:01:25, "
        + "actual 10:01:20 (off by +220 s at admission, +5 s at 50 % of 80 s)");
  }

  @Test
  void aJobWithoutAnEstimateHasNoLine() {
    EstimateTrack track = new EstimateTrack();
    track.see(new SegmentationTrainingJobStatus());
    assertThat(track.describe(new SegmentationTrainingJobStatus())).isEmpty();
  }
}
