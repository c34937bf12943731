package dev.segtpu.trainer.eval.coco;

/**
 * Overlap of a detection with a ground truth, as pycocotools' {@code maskUtils.iou} (bbIou and rleIou in
 * maskApi.c) computes it. Against a crowd region the overlap is intersection over the detection's own area: a
 * detection lying wholly inside a crowd overlaps it fully however large the crowd is.
 */
final class Iou {

  private Iou() {}

  /** Box IoU with maskApi's arithmetic, so a value landing on a threshold falls on the same side. */
  static double boxes(Box detection, Box groundTruth, boolean crowd) {
    double w = Math.min(detection.x() + detection.width(), groundTruth.x() + groundTruth.width())
        - Math.max(detection.x(), groundTruth.x());
    if (w <= 0) {
      return 0;
    }
    double h = Math.min(detection.y() + detection.height(), groundTruth.y() + groundTruth.height())
        - Math.max(detection.y(), groundTruth.y());
    if (h <= 0) {
      return 0;
    }
    double intersection = w * h;
    double detectionArea = detection.area();
    double union = crowd ? detectionArea : detectionArea + groundTruth.area() - intersection;
    return intersection / union;
  }

  /** Mask IoU from pixel counts; what rleIou counts by walking both run-length encodings. */
  static double masks(BinaryMask detection, BinaryMask groundTruth, boolean crowd) {
    int intersection = detection.intersection(groundTruth);
    if (intersection == 0) {
      return 0;
    }
    int union = crowd ? detection.area() : detection.area() + groundTruth.area() - intersection;
    return (double) intersection / (double) union;
  }
}
