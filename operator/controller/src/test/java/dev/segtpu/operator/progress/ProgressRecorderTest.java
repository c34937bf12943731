package dev.segtpu.operator.progress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segtpu.api.SegmentationTrainingJobStatus.CheckpointStatus;
import dev.segtpu.api.SegmentationTrainingJobStatus;
import dev.segtpu.contract.StatusDocument;
import org.junit.jupiter.api.Test;

/** The report-to-status copy alone, for what the polling test does not reach. */
class ProgressRecorderTest {

  @Test
  void aRestoredCheckpointBecomesTheLastCheckpointAndKeepsTheMeasuredSaveTime() {
    SegmentationTrainingJobStatus status = new SegmentationTrainingJobStatus();
    CheckpointStatus reported = new CheckpointStatus();
    reported.step = 250L;
    reported.attempt = 1;
    reported.saveSeconds = 0.4;
    status.lastCheckpoint = reported;

    // Attempt 2 restored the SIGTERM checkpoint of step 283, which attempt 1 never reported.
    StatusDocument restored = report(283L, new StatusDocument.Checkpoint(283L, "2026-11-28T17:02:42Z", 1, null));
    ProgressRecorder.record(restored, 2, status);

    assertThat(status.lastCheckpoint.step).isEqualTo(283L);
    assertThat(status.lastCheckpoint.attempt).isEqualTo(1);
    assertThat(status.lastCheckpoint.saveSeconds).as("the checkpoint interval planner reads it").isEqualTo(0.4);

    StatusDocument saved = report(333L, new StatusDocument.Checkpoint(333L, "2026-11-28T17:02:58Z", 2, 0.1));
    ProgressRecorder.record(saved, 2, status);
    assertThat(status.lastCheckpoint.saveSeconds).isEqualTo(0.1);
  }

  @Test
  void aMaskRcnnEvaluationCarriesItsBoxAndMaskAveragePrecisionsIntoTheStatus() {
    SegmentationTrainingJobStatus status = new SegmentationTrainingJobStatus();
    StatusDocument.Eval eval = new StatusDocument.Eval(400L, null, null, null, 0.372, 0.341, 0.581, 0.402);
    StatusDocument evaluated = new StatusDocument("training", 2, 400L, 600L, null, null, null, null, null, 283L, null, eval,
        null, null, null, null);

    ProgressRecorder.record(evaluated, 2, status);

    assertThat(status.evalMetrics.step).isEqualTo(400L);
    assertThat(status.evalMetrics.boxAP).isEqualTo(0.372);
    assertThat(status.evalMetrics.maskAP).isEqualTo(0.341);
    assertThat(status.evalMetrics.boxAP50).isEqualTo(0.581);
    assertThat(status.evalMetrics.boxAP75).isEqualTo(0.402);
    assertThat(status.evalMetrics.meanIoU).isNull();
  }

  /** Attempt 2's report at {@code step}, restored from step 283 (phase, attempt, step, totalSteps, epoch, loss,
   *  learning rate, images/s, steps/s, restoredFromStep, lastCheckpoint, eval, productive, badput, device, error). */
  private static StatusDocument report(long step, StatusDocument.Checkpoint checkpoint) {
    return new StatusDocument("training", 2, step, 600L, null, null, null, null, null, 283L, checkpoint, null, null, null, null, null);
  }
}
