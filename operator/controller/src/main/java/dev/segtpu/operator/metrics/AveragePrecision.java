package dev.segtpu.operator.metrics;

import dev.segtpu.api.SegmentationTrainingJobStatus.EvalMetricsStatus;
import java.util.function.Function;

/**
 * The COCO average precisions of a Mask R-CNN evaluation, as series of the job. A job gets each series once
 * its status reports that figure: a DeepLab job, which measures none of them, never has them.
 */
public enum AveragePrecision {
  BOX("segtpu.job.eval.box.ap", "Box AP (COCO, IoU 0.50:0.95) of the latest evaluation", eval -> eval.boxAP),
  MASK("segtpu.job.eval.mask.ap", "Mask AP (COCO, IoU 0.50:0.95) of the latest evaluation", eval -> eval.maskAP),
  BOX_50("segtpu.job.eval.box.ap50", "Box AP at IoU 0.50 of the latest evaluation", eval -> eval.boxAP50),
  BOX_75("segtpu.job.eval.box.ap75", "Box AP at IoU 0.75 of the latest evaluation", eval -> eval.boxAP75);

  /** The meter's name; Prometheus shows it with underscores, e.g. {@code segtpu_job_eval_box_ap}. */
  final String meter;
  final String description;
  private final Function<EvalMetricsStatus, Double> field;

  AveragePrecision(String meter, String description, Function<EvalMetricsStatus, Double> field) {
    this.meter = meter;
    this.description = description;
    this.field = field;
  }

  /** The figure in {@code eval}; null when the evaluation does not report it. */
  Double of(EvalMetricsStatus eval) {
    return field.apply(eval);
  }
}
