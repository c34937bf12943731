package dev.segtpu.trainer.model.maskrcnn;

import dev.segtpu.trainer.model.maskrcnn.targets.Box;
import dev.segtpu.trainer.model.maskrcnn.targets.Boxes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Greedy non-maximum suppression in plain Java, run on the host after the head because TensorFlow's
 * NonMaxSuppressionV5 has no gradient registration to lean on and proposals are constants anyway. As the
 * reference's {@code box_utils.sorted_non_max_suppression_padded}: boxes in decreasing score, each kept unless
 * a kept box overlaps it with IoU at or above the threshold ({@code iou >= iou_threshold} suppresses there),
 * IoU as {@code bbox_overlap} ({@link Boxes#iou}), at most {@code maxOutput} kept. Equal scores keep their
 * input order (a stable sort), so the result never depends on sort internals.
 */
public record NonMaxSuppression(double iouThreshold, int maxOutput) {

  /** Positions in {@code boxes} of the kept boxes, highest score first. */
  public int[] select(List<Box> boxes, double[] scores) {
    if (boxes.size() != scores.length) {
      throw new IllegalArgumentException(boxes.size() + " boxes but " + scores.length + " scores");
    }
    List<Integer> order = IntStream.range(0, scores.length).boxed()
        .sorted(Comparator.comparingDouble((Integer i) -> scores[i]).reversed()).toList();
    List<Integer> kept = new ArrayList<>();
    for (int candidate : order) {
      if (kept.size() == maxOutput) {
        break;
      }
      Box box = boxes.get(candidate);
      if (kept.stream().allMatch(k -> Boxes.iou(boxes.get(k), box) < iouThreshold)) {
        kept.add(candidate);
      }
    }
    return kept.stream().mapToInt(Integer::intValue).toArray();
  }
}
