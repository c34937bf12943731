package dev.segtpu.trainer.train;

import dev.segtpu.contract.StatusDocument;
import dev.segtpu.trainer.telemetry.TrainerTelemetry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A DeepLab evaluation: mean IoU and pixel accuracy from the confusion matrix of every evaluation pixel. */
public record SemanticEvaluation(long step, double meanIoU, double pixelAccuracy, double[] perClassIoU, long pixels,
                                 double seconds) implements Evaluation {

  @Override
  public double value(String metric) {
    return switch (metric) {
      case StatusDocument.MEAN_IOU -> meanIoU;
      case StatusDocument.PIXEL_ACCURACY -> pixelAccuracy;
      default -> throw new IllegalArgumentException("DeepLab evaluations measure " + StatusDocument.METRICS
          + ", not '" + metric + "'");
    };
  }

  @Override
  public void report(TrainerTelemetry telemetry) {
    telemetry.evaluated(step, meanIoU, pixelAccuracy, perClassIoU, seconds);
  }

  @Override
  public String describe() {
    return String.format("mIoU %s pixel accuracy %s (%d pixels, %.2f s)", meanIoU, pixelAccuracy, pixels, seconds);
  }

  /** Per-class IoU of a class that never occurred is null (JSON has no NaN). */
  @Override
  public Map<String, Object> summary() {
    List<Double> perClass = new ArrayList<>();
    for (double iou : perClassIoU) {
      perClass.add(Double.isNaN(iou) ? null : iou);
    }
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("step", step);
    summary.put(StatusDocument.MEAN_IOU, meanIoU);
    summary.put(StatusDocument.PIXEL_ACCURACY, pixelAccuracy);
    summary.put("perClassIoU", perClass);
    summary.put("pixels", pixels);
    return summary;
  }
}
