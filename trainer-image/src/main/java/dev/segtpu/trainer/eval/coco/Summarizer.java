package dev.segtpu.trainer.eval.coco;

/**
 * Averages the per-category {@link Curve}s into the {@link CocoSummary}, as cocoeval.summarize does: each
 * number is the mean of every value above -1 in its slice, so a category with nothing to find there is left
 * out instead of counting as 0; -1 when no value is left.
 */
final class Summarizer {

  private static final int ALL_IOUS = -1;

  /** {@code curves[category][area range][maxDets index]}. */
  private final Curve[][][] curves;

  Summarizer(Curve[][][] curves) {
    this.curves = curves;
  }

  CocoSummary summary() {
    int most = Thresholds.MAX_DETECTIONS.length - 1;
    return new CocoSummary(
        precision(AreaRange.ALL, most, ALL_IOUS),
        precision(AreaRange.ALL, most, Thresholds.IOU_50),
        precision(AreaRange.ALL, most, Thresholds.IOU_75),
        precision(AreaRange.SMALL, most, ALL_IOUS),
        precision(AreaRange.MEDIUM, most, ALL_IOUS),
        precision(AreaRange.LARGE, most, ALL_IOUS),
        recall(AreaRange.ALL, 0),
        recall(AreaRange.ALL, 1),
        recall(AreaRange.ALL, most),
        recall(AreaRange.SMALL, most),
        recall(AreaRange.MEDIUM, most),
        recall(AreaRange.LARGE, most));
  }

  private double precision(AreaRange range, int maxDetections, int iou) {
    Mean mean = new Mean();
    for (Curve[][] category : curves) {
      double[][] precision = category[range.ordinal()][maxDetections].precision();
      for (int t = 0; t < precision.length; t++) {
        if (iou == ALL_IOUS || iou == t) {
          for (double value : precision[t]) {
            mean.add(value);
          }
        }
      }
    }
    return mean.value();
  }

  private double recall(AreaRange range, int maxDetections) {
    Mean mean = new Mean();
    for (Curve[][] category : curves) {
      for (double value : category[range.ordinal()][maxDetections].recall()) {
        mean.add(value);
      }
    }
    return mean.value();
  }

  /** Mean of the values above -1; -1 if there are none. */
  private static final class Mean {
    private double sum;
    private long count;

    void add(double value) {
      if (value > Curve.ABSENT) {
        sum += value;
        count++;
      }
    }

    double value() {
      return count == 0 ? Curve.ABSENT : sum / count;
    }
  }
}
