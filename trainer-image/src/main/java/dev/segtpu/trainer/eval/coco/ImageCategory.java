package dev.segtpu.trainer.eval.coco;

import java.util.List;

/**
 * One image's ground truth and detections of one category, ready for matching: the detections ranked by
 * score and cut to the largest maxDets, their areas, and their IoU with every ground truth. As cocoeval's
 * computeIoU, the IoU is computed once and shared by all area ranges.
 *
 * @param groundTruths in their given order
 * @param scores the kept detections' scores, highest first
 * @param detectionAreas the kept detections' areas, in the order of {@code scores}
 * @param ious {@code ious[d][g]}: detection d (score order) against ground truth g (given order)
 */
record ImageCategory(List<GroundTruth> groundTruths, double[] scores, double[] detectionAreas, double[][] ious) {

  static ImageCategory of(List<GroundTruth> groundTruths, List<Detection> detections, IouType iouType) {
    int[] order = ScoreOrder.descending(detections.stream().mapToDouble(Detection::score).toArray());
    int kept = Math.min(order.length, Thresholds.largestMaxDetections());
    double[] scores = new double[kept];
    double[] areas = new double[kept];
    double[][] ious = new double[kept][groundTruths.size()];
    for (int d = 0; d < kept; d++) {
      Detection detection = detections.get(order[d]);
      scores[d] = detection.score();
      areas[d] = iouType.area(detection);
      for (int g = 0; g < groundTruths.size(); g++) {
        ious[d][g] = iouType.iou(detection, groundTruths.get(g));
      }
    }
    return new ImageCategory(List.copyOf(groundTruths), scores, areas, ious);
  }
}
