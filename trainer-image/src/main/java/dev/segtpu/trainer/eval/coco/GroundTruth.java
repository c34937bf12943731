package dev.segtpu.trainer.eval.coco;

/**
 * One annotated object.
 *
 * @param categoryId the object's category
 * @param box its box, needed for {@link IouType#BBOX}; may be null for segm
 * @param area the annotation's {@code area} field, which decides its area range (for COCO, the polygon's
 *     area, not the box's: cocoeval never recomputes it)
 * @param crowd COCO's {@code iscrowd}: a region of many objects, never counted, that may absorb any number
 *     of detections
 * @param mask its pixels, needed for {@link IouType#SEGM}; may be null for bbox
 */
public record GroundTruth(int categoryId, Box box, double area, boolean crowd, BinaryMask mask) {

  public GroundTruth {
    if (box == null && mask == null) {
      throw new IllegalArgumentException("a ground truth needs a box or a mask");
    }
    if (!Double.isFinite(area) || area < 0) {
      throw new IllegalArgumentException("ground truth area must be finite and not negative: " + area);
    }
  }
}
