package dev.segtpu.trainer.eval.coco;

/**
 * cocoeval's default parameters for detection. The thresholds are computed as numpy.linspace computes them
 * (i × step + start, the last one set to stop), not written as decimals, so that an IoU or a recall landing
 * on a threshold is judged exactly as pycocotools judges it.
 */
final class Thresholds {

  /** IoU thresholds 0.50:0.05:0.95. */
  static final double[] IOU = linspace(0.5, 0.95, 10);
  /** Index of 0.50 in {@link #IOU}, for AP50. */
  static final int IOU_50 = 0;
  /** Index of 0.75 in {@link #IOU}, for AP75. */
  static final int IOU_75 = 5;
  /** Recall thresholds 0:0.01:1, the 101 points of the interpolated precision. */
  static final double[] RECALL = linspace(0.0, 1.0, 101);
  /** Detections counted per image and category, ascending; the last one bounds matching. */
  static final int[] MAX_DETECTIONS = {1, 10, 100};

  private Thresholds() {}

  static int largestMaxDetections() {
    return MAX_DETECTIONS[MAX_DETECTIONS.length - 1];
  }

  private static double[] linspace(double start, double stop, int count) {
    double step = (stop - start) / (count - 1);
    double[] values = new double[count];
    for (int i = 0; i < count; i++) {
      values[i] = i * step + start;
    }
    values[count - 1] = stop;
    return values;
  }
}
