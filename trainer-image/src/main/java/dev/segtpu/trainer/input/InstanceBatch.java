package dev.segtpu.trainer.input;

/**
 * One Mask R-CNN batch in host memory, every array of fixed shape so the graph's inputs never change:
 * each image carries {@code maxInstances} object slots, the unused ones padded as the reference's
 * max_num_instances padding (class −1, zero box, empty mask). Masks are at the output size, so they take
 * n·maxInstances·size² bytes; cropping them to each box (the mask head's targets) is the model's step.
 *
 * @param images NHWC float pixels in [0, 255], length n·size·size·3, padding {@code CropTarget.PAD_PIXEL}
 * @param boxes per slot [ymin, xmin, ymax, xmax] in output pixels (the reference's order), length n·max·4
 * @param classes COCO category id per slot, −1 for padding, length n·max
 * @param crowd per slot whether the object is a crowd region, which training ignores, length n·max
 * @param masks per slot size·size values 0/1, length n·max·size·size
 * @param instanceCounts how many slots of each image hold objects (the rest are padding), length n
 * @param scales per image the output pixels per source pixel, to map detections back for COCO evaluation
 *     (0 for an evaluation padding image)
 * @param sourceIds per image the COCO image id, null for an evaluation padding image
 * @param epoch epoch of the global batch's first example
 * @param position position of the global batch's first example in that epoch's order: with the epoch, what
 *     a checkpoint records ({@link DataPosition#afterShare}) so a resumed run continues with the next batch
 */
public record InstanceBatch(int size, int imageSize, int maxInstances, float[] images, float[] boxes,
                            int[] classes, boolean[] crowd, byte[] masks, int[] instanceCounts,
                            double[] scales, String[] sourceIds, long epoch, long position) {

  /** Class of an unused object slot. */
  public static final int PADDING_CLASS = -1;

  /** Slot {@code slot} (image · maxInstances + k) of the batch: its object's pixels, row-major, imageSize² values. */
  public boolean[] maskPixels(int slot) {
    int pixels = imageSize * imageSize;
    boolean[] mask = new boolean[pixels];
    for (int p = 0; p < pixels; p++) {
      mask[p] = masks[slot * pixels + p] != 0;
    }
    return mask;
  }

  /** The object slots of image {@code image} that hold objects, in slot order. */
  public int[] objectSlots(int image) {
    int[] slots = new int[instanceCounts[image]];
    for (int k = 0; k < slots.length; k++) {
      slots[k] = image * maxInstances + k;
    }
    return slots;
  }
}
