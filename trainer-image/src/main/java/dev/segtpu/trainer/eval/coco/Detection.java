package dev.segtpu.trainer.eval.coco;

/**
 * One predicted object.
 *
 * @param categoryId the predicted category
 * @param box its box, needed for {@link IouType#BBOX}; may be null for segm
 * @param score confidence; detections are ranked by it
 * @param mask its pixels, needed for {@link IouType#SEGM}; may be null for bbox
 */
public record Detection(int categoryId, Box box, double score, BinaryMask mask) {

  public Detection {
    if (box == null && mask == null) {
      throw new IllegalArgumentException("a detection needs a box or a mask");
    }
    if (!Double.isFinite(score)) {
      // numpy would sort a NaN score last; a NaN here is a bug upstream, not a ranking.
      throw new IllegalArgumentException("detection score must be finite: " + score);
    }
  }
}
