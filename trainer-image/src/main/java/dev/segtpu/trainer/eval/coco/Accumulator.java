package dev.segtpu.trainer.eval.coco;

import java.util.List;

/**
 * Turns one category's per-image matches in one area range into its precision/recall {@link Curve}, as
 * cocoeval.accumulate does: each image's best {@code maxDetections} detections, ranked together by score (ties
 * in image order), cumulative true and false positives, precision made non-increasing from the right (the
 * envelope), then read at the 101 recall thresholds at the first rank whose recall reaches each; a threshold
 * never reached reads 0. Ignored detections keep their rank but add to neither count.
 */
final class Accumulator {

  /** numpy's spacing(1), which cocoeval adds to the precision's denominator; kept so the values agree. */
  private static final double EPSILON = Math.ulp(1.0);

  private Accumulator() {}

  static Curve accumulate(List<ImageMatch> images, int maxDetections) {
    int counted = images.stream().mapToInt(ImageMatch::countedGroundTruths).sum();
    if (counted == 0) {
      return Curve.absent();
    }
    int thresholds = Thresholds.IOU.length;
    int total = images.stream().mapToInt(image -> Math.min(image.scores().length, maxDetections)).sum();
    double[] scores = new double[total];
    boolean[][] matched = new boolean[thresholds][total];
    boolean[][] ignored = new boolean[thresholds][total];
    int at = 0;
    for (ImageMatch image : images) {
      int kept = Math.min(image.scores().length, maxDetections);
      System.arraycopy(image.scores(), 0, scores, at, kept);
      for (int t = 0; t < thresholds; t++) {
        System.arraycopy(image.matched()[t], 0, matched[t], at, kept);
        System.arraycopy(image.ignored()[t], 0, ignored[t], at, kept);
      }
      at += kept;
    }
    int[] order = ScoreOrder.descending(scores);
    double[][] precision = new double[thresholds][];
    double[] recall = new double[thresholds];
    for (int t = 0; t < thresholds; t++) {
      double[] ranksRecall = new double[total];
      double[] ranksPrecision = new double[total];
      double truePositives = 0;
      double falsePositives = 0;
      for (int rank = 0; rank < total; rank++) {
        int d = order[rank];
        if (!ignored[t][d]) {
          if (matched[t][d]) {
            truePositives++;
          } else {
            falsePositives++;
          }
        }
        ranksRecall[rank] = truePositives / counted;
        ranksPrecision[rank] = truePositives / (falsePositives + truePositives + EPSILON);
      }
      recall[t] = total > 0 ? ranksRecall[total - 1] : 0;
      precision[t] = interpolated(ranksRecall, ranksPrecision);
    }
    return new Curve(precision, recall);
  }

  /** Precision at each recall threshold; {@code ranksPrecision} is overwritten by its envelope. */
  private static double[] interpolated(double[] ranksRecall, double[] ranksPrecision) {
    for (int rank = ranksPrecision.length - 1; rank > 0; rank--) {
      if (ranksPrecision[rank] > ranksPrecision[rank - 1]) {
        ranksPrecision[rank - 1] = ranksPrecision[rank];
      }
    }
    double[] atThresholds = new double[Thresholds.RECALL.length];
    int rank = 0;
    for (int r = 0; r < atThresholds.length; r++) {
      // numpy.searchsorted(side='left'): the first rank whose recall is at least the threshold.
      while (rank < ranksRecall.length && ranksRecall[rank] < Thresholds.RECALL[r]) {
        rank++;
      }
      atThresholds[r] = rank < ranksRecall.length ? ranksPrecision[rank] : 0;
    }
    return atThresholds;
  }
}
