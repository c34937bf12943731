package dev.segtpu.trainer.eval.coco;

/**
 * The twelve numbers cocoeval.summarize prints for bbox and segm, in its order. AP values average
 * interpolated precision over IoU thresholds 0.50:0.95 (or at the one named), recall thresholds and
 * categories; AR values average recall over IoU thresholds and categories. A value is -1 when no category
 * had a counted ground truth for it, e.g. apSmall on a dataset without small objects.
 *
 * @param ap AP at IoU 0.50:0.95, all areas, 100 detections per image
 * @param ap50 AP at IoU 0.50
 * @param ap75 AP at IoU 0.75
 * @param apSmall AP for objects of area at most 32²
 * @param apMedium AP for objects of area 32² to 96²
 * @param apLarge AP for objects of area at least 96²
 * @param ar1 AR with 1 detection per image and category
 * @param ar10 AR with 10 detections per image and category
 * @param ar100 AR with 100 detections per image and category
 * @param arSmall AR for small objects (100 detections)
 * @param arMedium AR for medium objects (100 detections)
 * @param arLarge AR for large objects (100 detections)
 */
public record CocoSummary(
    double ap,
    double ap50,
    double ap75,
    double apSmall,
    double apMedium,
    double apLarge,
    double ar1,
    double ar10,
    double ar100,
    double arSmall,
    double arMedium,
    double arLarge) {

  /** The twelve values in the order of pycocotools' {@code COCOeval.stats}, to compare with its output. */
  public double[] stats() {
    return new double[] {ap, ap50, ap75, apSmall, apMedium, apLarge, ar1, ar10, ar100, arSmall, arMedium, arLarge};
  }
}
