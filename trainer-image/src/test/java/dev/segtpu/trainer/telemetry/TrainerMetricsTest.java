package dev.segtpu.trainer.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segtpu.contract.StatusDocument;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The series read from the status, for status documents the telemetry's own scenario does not write. */
class TrainerMetricsTest {

  private static final String DEVICE = "/device:CPU:0";

  @Test
  void aMaskRcnnEvaluationInTheStatusIsExportedAsItsAveragePrecisionsAndNoMeanIoU() {
    StatusDocument.Eval eval = new StatusDocument.Eval(400L, null, null, null, 0.372, 0.341, 0.581, 0.402);
    StatusDocument status = new StatusDocument("training", 1, 400L, 600L, null, null, null, null, null, null, null, eval,
        10.0, Map.of(), DEVICE, null);

    Map<String, Double> gauges = gauges(new TrainerMetrics(() -> status, DEVICE));

    assertThat(gauges).containsEntry("segtpu_trainer_eval_step", 400.0)
        .containsEntry("segtpu_trainer_eval_box_ap_ratio", 0.372)
        .containsEntry("segtpu_trainer_eval_mask_ap_ratio", 0.341)
        .containsEntry("segtpu_trainer_eval_box_ap50_ratio", 0.581)
        .containsEntry("segtpu_trainer_eval_box_ap75_ratio", 0.402)
        .doesNotContainKeys("segtpu_trainer_eval_mean_iou_ratio", "segtpu_trainer_eval_pixel_accuracy_ratio");
  }

  /** Every gauge with a value, by its Prometheus name. */
  private static Map<String, Double> gauges(TrainerMetrics metrics) {
    Map<String, Double> values = new HashMap<>();
    for (MetricSnapshot snapshot : metrics.registry().scrape()) {
      if (snapshot instanceof GaugeSnapshot gauge && gauge.getDataPoints().size() == 1) {
        values.put(gauge.getMetadata().getPrometheusName(), gauge.getDataPoints().get(0).getValue());
      }
    }
    return values;
  }
}
