package dev.segtpu.trainer.eval.coco;

import java.util.List;

/**
 * Matches one image's detections of one category to its ground truth in one area range, greedily in score
 * order, as cocoeval.evaluateImg does. Ground truths that do not count (crowds, and objects outside the area
 * range) are tried after those that do, so a detection takes a countable object when it can; a detection
 * that ends up on one that does not count is ignored rather than called a false positive, and so is an
 * unmatched detection outside the area range, which may well be a correct detection of an object that this
 * range leaves out.
 */
final class ImageMatcher {

  private final double[][] ious;
  /** Ground truth indices, counted ones first, each group in its given order (a stable sort, as cocoeval's). */
  private final int[] order;
  /** In {@link #order}: the ground truth does not count. */
  private final boolean[] ignored;
  /** In {@link #order}: the ground truth is a crowd, which any number of detections may match. */
  private final boolean[] crowd;

  private ImageMatcher(ImageCategory image, AreaRange range) {
    List<GroundTruth> groundTruths = image.groundTruths();
    int count = groundTruths.size();
    this.ious = image.ious();
    this.order = new int[count];
    this.ignored = new boolean[count];
    this.crowd = new boolean[count];
    int next = 0;
    for (boolean wantIgnored : new boolean[] {false, true}) {
      for (int g = 0; g < count; g++) {
        GroundTruth groundTruth = groundTruths.get(g);
        boolean ignore = groundTruth.crowd() || !range.contains(groundTruth.area());
        if (ignore == wantIgnored) {
          order[next] = g;
          ignored[next] = ignore;
          crowd[next] = groundTruth.crowd();
          next++;
        }
      }
    }
  }

  static ImageMatch match(ImageCategory image, AreaRange range) {
    return new ImageMatcher(image, range).match(image.scores(), image.detectionAreas(), range);
  }

  private ImageMatch match(double[] scores, double[] detectionAreas, AreaRange range) {
    int thresholds = Thresholds.IOU.length;
    boolean[][] matched = new boolean[thresholds][scores.length];
    boolean[][] detectionIgnored = new boolean[thresholds][scores.length];
    for (int t = 0; t < thresholds; t++) {
      boolean[] taken = new boolean[order.length];
      for (int d = 0; d < scores.length; d++) {
        int m = bestAvailable(d, Thresholds.IOU[t], taken);
        if (m >= 0) {
          matched[t][d] = true;
          detectionIgnored[t][d] = ignored[m];
          taken[m] = true;
        } else {
          detectionIgnored[t][d] = !range.contains(detectionAreas[d]);
        }
      }
    }
    int counted = 0;
    for (boolean ignore : ignored) {
      if (!ignore) {
        counted++;
      }
    }
    return new ImageMatch(scores, matched, detectionIgnored, counted);
  }

  /**
   * The position in {@link #order} of the ground truth detection d takes at this threshold, or -1: the
   * highest IoU of at least the threshold among those still free (a later one wins a tie, as in cocoeval),
   * never passing to ignored ground truths once a counted one is found.
   */
  private int bestAvailable(int d, double threshold, boolean[] taken) {
    double best = Math.min(threshold, 1 - 1e-10);
    int m = -1;
    for (int g = 0; g < order.length; g++) {
      if (taken[g] && !crowd[g]) {
        continue;
      }
      if (m > -1 && !ignored[m] && ignored[g]) {
        break;
      }
      double iou = ious[d][order[g]];
      if (iou < best) {
        continue;
      }
      best = iou;
      m = g;
    }
    return m;
  }
}
