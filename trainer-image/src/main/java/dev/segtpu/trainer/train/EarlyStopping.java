package dev.segtpu.trainer.train;

import dev.segtpu.contract.ContractValues;
import dev.segtpu.contract.StatusDocument;

/**
 * Early stopping as configured ({@code SEGTPU_EARLY_STOP_*}): training stops once {@code patience}
 * evaluations in a row have not beaten the best value by at least {@code minDelta}.
 *
 * @param metric one of {@link StatusDocument#METRICS} (DeepLab) or {@link StatusDocument#MASK_RCNN_METRICS} (Mask R-CNN);
 *     higher is better
 */
public record EarlyStopping(String metric, int patience, double minDelta) {

  /** The metric the best checkpoint of a {@code model} (contract name) follows when early stopping is off. */
  public static String defaultMetric(String model) {
    return model.equals(ContractValues.MASK_RCNN) ? StatusDocument.MASK_AP : StatusDocument.MEAN_IOU;
  }

  public EarlyStopping {
    if (!StatusDocument.METRICS.contains(metric) && !StatusDocument.MASK_RCNN_METRICS.contains(metric)) {
      throw new IllegalArgumentException("unknown metric '" + metric + "'; expected one of " + StatusDocument.METRICS
          + " or " + StatusDocument.MASK_RCNN_METRICS);
    }
    if (patience < 1) {
      throw new IllegalArgumentException("patience must be at least 1 evaluation, got " + patience);
    }
    if (!(minDelta >= 0)) {
      throw new IllegalArgumentException("minDelta must be 0 or more, got " + minDelta);
    }
  }
}
