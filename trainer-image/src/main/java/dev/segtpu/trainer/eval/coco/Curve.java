package dev.segtpu.trainer.eval.coco;

import java.util.Arrays;

/**
 * One category's result in one area range at one maxDets: cocoeval's precision and recall arrays for a
 * fixed category, area range and maxDets. A category with nothing to find there has every value -1, which
 * the summary leaves out of its means, as cocoeval does.
 *
 * @param precision {@code precision[t][r]}: interpolated precision at IoU threshold t and recall threshold r
 * @param recall {@code recall[t]}: recall reached with all counted detections at IoU threshold t
 */
record Curve(double[][] precision, double[] recall) {

  static final double ABSENT = -1;

  static Curve absent() {
    double[][] precision = new double[Thresholds.IOU.length][Thresholds.RECALL.length];
    for (double[] row : precision) {
      Arrays.fill(row, ABSENT);
    }
    double[] recall = new double[Thresholds.IOU.length];
    Arrays.fill(recall, ABSENT);
    return new Curve(precision, recall);
  }
}
