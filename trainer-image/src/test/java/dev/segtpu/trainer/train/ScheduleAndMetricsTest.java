package dev.segtpu.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleAndMetricsTest {

  @Test
  void polyDecaysFromBaseToZeroAtTheLastStep() {
    PolySchedule poly = new PolySchedule(0.01, 0.9, 20_000);
    assertThat(poly.at(0)).isEqualTo(0.01);
    assertThat(poly.at(5_000)).isCloseTo(0.01 * Math.pow(0.75, 0.9), within(1e-15));
    assertThat(poly.at(20_000)).isZero();
  }

  @Test
  void warmupRisesLinearlyToTheScheduleThenHandsOver() {
    LearningRateSchedule s = Warmup.around(new StepwiseSchedule(0.08, List.of(15_000L), List.of(0.1)), 500, 0.0067);
    assertThat(s.at(0)).isEqualTo(0.0067);
    assertThat(s.at(100)).isCloseTo(0.0067 + (0.08 - 0.0067) * 0.2, within(1e-15));
    assertThat(s.at(14_999)).isEqualTo(0.08);
    assertThat(s.at(15_000)).isCloseTo(0.008, within(1e-15));
  }

  @Test
  void confusionMatrixGivesIoUAccuracyAndSkipsIgnoredPixels() {
    ConfusionMatrix m = new ConfusionMatrix(3);
    // truth:      0 0 1 1 255 2
    // prediction: 0 1 1 1 2   1
    m.add(new int[] {0, 1, 1, 1, 2, 1}, new int[] {0, 0, 1, 1, 255, 2});
    double[] iou = m.perClassIoU();
    assertThat(iou[0]).isCloseTo(1.0 / 2, within(1e-12)); // tp 1, fn 1
    assertThat(iou[1]).isCloseTo(2.0 / 4, within(1e-12)); // tp 2, fp 2 (from 0 and 2)
    assertThat(iou[2]).isZero();                          // tp 0, fn 1
    assertThat(m.meanIoU()).isCloseTo(1.0 / 3, within(1e-12));
    assertThat(m.pixelAccuracy()).isCloseTo(3.0 / 5, within(1e-12));
  }

  @Test
  void aClassThatNeverOccursIsLeftOutOfTheMean() {
    ConfusionMatrix m = new ConfusionMatrix(4);
    m.add(new int[] {0, 1}, new int[] {0, 1});
    assertThat(m.perClassIoU()[3]).isNaN();
    assertThat(m.meanIoU()).isEqualTo(1.0);
  }
}
