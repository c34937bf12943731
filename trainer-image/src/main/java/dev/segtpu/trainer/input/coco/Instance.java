package dev.segtpu.trainer.input.coco;

/**
 * One annotated object of an {@link InstanceExample}: what Mask R-CNN's box, class and mask heads train on.
 *
 * @param categoryId COCO category id, 1..90 (0 is background, so never an instance)
 * @param box where the object is, in pixels
 * @param area the annotation's area in pixels (COCO's segment area, which evaluation buckets by)
 * @param crowd a crowd region (is_crowd): matched as "ignore" rather than as an object to detect
 * @param mask the object's pixels, row-major over the whole image
 */
public record Instance(int categoryId, PixelBox box, float area, boolean crowd, boolean[] mask) {

  /** COCO's category ids run 1..90 (80 of them used). */
  public static final int MAX_CATEGORY_ID = 90;
}
