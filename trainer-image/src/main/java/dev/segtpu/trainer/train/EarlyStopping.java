package dev.segtpu.trainer.train;

import dev.segtpu.contract.StatusDocument;

/**
 * Early stopping as configured ({@code SEGTPU_EARLY_STOP_*}): training stops once {@code patience}
 * evaluations in a row have not beaten the best value by at least {@code minDelta}.
 *
 * @param metric one of {@link StatusDocument#METRICS}; higher is better
 */
public record EarlyStopping(String metric, int patience, double minDelta) {

  /** The metric the best checkpoint follows when early stopping is off. */
  public static final String DEFAULT_METRIC = StatusDocument.MEAN_IOU;

  public EarlyStopping {
    if (!StatusDocument.METRICS.contains(metric)) {
      throw new IllegalArgumentException("unknown metric '" + metric + "'; expected one of " + StatusDocument.METRICS);
    }
    if (patience < 1) {
      throw new IllegalArgumentException("patience must be at least 1 evaluation, got " + patience);
    }
    if (!(minDelta >= 0)) {
      throw new IllegalArgumentException("minDelta must be 0 or more, got " + minDelta);
    }
  }

  /** The metric's value in an evaluation. */
  public static double valueOf(Evaluation evaluation, String metric) {
    return switch (metric) {
      case StatusDocument.MEAN_IOU -> evaluation.meanIoU();
      case StatusDocument.PIXEL_ACCURACY -> evaluation.pixelAccuracy();
      default -> throw new IllegalArgumentException("unknown metric '" + metric + "'");
    };
  }
}
