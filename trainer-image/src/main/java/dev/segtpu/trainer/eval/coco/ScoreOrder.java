package dev.segtpu.trainer.eval.coco;

import java.util.Arrays;

/**
 * Ranks detections by score. Equal scores keep their given order, as numpy's
 * {@code argsort(-scores, kind='mergesort')} in cocoeval does; any other tie rule changes which of two tied
 * detections takes a ground truth, and so the numbers.
 */
final class ScoreOrder {

  private ScoreOrder() {}

  /** Indices into {@code scores}, highest score first, ties in index order. */
  static int[] descending(double[] scores) {
    Integer[] order = new Integer[scores.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    // Arrays.sort on objects is a stable merge sort; comparing with < and > treats 0.0 and -0.0 as numpy does.
    Arrays.sort(order, (a, b) -> scores[a] > scores[b] ? -1 : scores[a] < scores[b] ? 1 : 0);
    return Arrays.stream(order).mapToInt(Integer::intValue).toArray();
  }
}
