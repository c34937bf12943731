package dev.segtpu.sandbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segtpu.api.SegmentationTrainingJobStatus.EvalMetricsStatus;
import org.junit.jupiter.api.Test;

class RunSummaryTest {

  @Test
  void aDeepLabEvaluationIsSummarisedByItsMeanIoUAndPixelAccuracy() {
    EvalMetricsStatus eval = new EvalMetricsStatus();
    eval.step = 600L;
    eval.meanIoU = 0.974;
    eval.pixelAccuracy = 0.992;

    assertThat(RunSummary.evaluation(eval)).hasValue("mIoU 0.9740, pixel accuracy 0.9920 at step 600");
  }

  @Test
  void aMaskRcnnEvaluationIsSummarisedByItsBoxAndMaskAveragePrecisions() {
    EvalMetricsStatus eval = new EvalMetricsStatus();
    eval.step = 400L;
    eval.boxAP = 0.372;
    eval.boxAP50 = 0.581;
    eval.boxAP75 = 0.402;
    eval.maskAP = 0.341;

    assertThat(RunSummary.evaluation(eval)).hasValue("box AP 0.3720, AP50 0.5810, AP75 0.4020, mask AP 0.3410 at step 400");
  }

  @Test
  void aJobWithoutAnEvaluationHasNoLine() {
    assertThat(RunSummary.evaluation(null)).isEmpty();
    assertThat(RunSummary.evaluation(new EvalMetricsStatus())).isEmpty();
  }
}
