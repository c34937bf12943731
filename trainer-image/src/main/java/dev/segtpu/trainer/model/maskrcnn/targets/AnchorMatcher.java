package dev.segtpu.trainer.model.maskrcnn.targets;

import java.util.Arrays;
import java.util.List;

/**
 * Matches anchors to ground truths as the reference's {@code ArgMaxMatcher(0.7, unmatched_threshold=0.3,
 * negatives_lower_than_unmatched=True, force_match_for_each_row=True)} ({@code anchors.py}, {@code
 * AnchorLabeler}; {@code object_detection/argmax_matcher.py}).
 *
 * <p>Each anchor takes its highest-IoU ground truth (the first on ties, as {@code tf.argmax}); it is matched when
 * that IoU is at least {@code positive}, unmatched (negative) below {@code negative}, ignored in between. Then
 * every ground truth claims its single best anchor (again the first on ties) whatever that IoU, so no object
 * goes without a positive; an anchor claimed by several ground truths goes to the first of them. This is the
 * reference's rule, not Detectron's, which marks every anchor tying for a ground truth's best.
 *
 * <p>The IoU matrix is never stored: with ~260k anchors at 1024×1024 and up to 100 objects it would take 200 MB.
 */
record AnchorMatcher(double positive, double negative) {

  static final int UNMATCHED = -1;
  static final int IGNORED = -2;

  /** For each anchor, the position in {@code groundTruths} it is matched to, or UNMATCHED, or IGNORED. */
  int[] match(List<Box> anchors, List<Box> groundTruths) {
    int[] matches = new int[anchors.size()];
    int[] bestAnchor = new int[groundTruths.size()];
    double[] bestAnchorIou = new double[groundTruths.size()];
    Arrays.fill(bestAnchorIou, Double.NEGATIVE_INFINITY);
    for (int a = 0; a < anchors.size(); a++) {
      Box anchor = anchors.get(a);
      int best = UNMATCHED;
      double bestIou = Double.NEGATIVE_INFINITY;
      for (int g = 0; g < groundTruths.size(); g++) {
        double iou = Boxes.iou(anchor, groundTruths.get(g));
        if (iou > bestIou) {
          bestIou = iou;
          best = g;
        }
        if (iou > bestAnchorIou[g]) {
          bestAnchorIou[g] = iou;
          bestAnchor[g] = a;
        }
      }
      matches[a] = best == UNMATCHED || bestIou < negative ? UNMATCHED : bestIou < positive ? IGNORED : best;
    }
    for (int g = groundTruths.size() - 1; g >= 0; g--) {
      matches[bestAnchor[g]] = g;
    }
    return matches;
  }
}
