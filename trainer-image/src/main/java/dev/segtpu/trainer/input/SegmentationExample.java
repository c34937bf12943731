package dev.segtpu.trainer.input;

/**
 * One decoded example before augmentation.
 *
 * @param name where it came from (file name in the record, or the synthetic index), for error messages
 * @param rgb interleaved RGB bytes, row-major, length height*width*3
 * @param labels class id per pixel as an unsigned byte; 255 = ignore; length height*width
 */
public record SegmentationExample(String name, int height, int width, byte[] rgb, byte[] labels) {

  /** Class id of pixels that count for nothing: object boundaries in VOC, and padding. */
  public static final int IGNORE_LABEL = 255;

  public SegmentationExample {
    if (height <= 0 || width <= 0) {
      throw new IllegalArgumentException(name + ": empty image " + height + "x" + width);
    }
    if (rgb.length != height * width * 3 || labels.length != height * width) {
      throw new IllegalArgumentException(name + ": pixel arrays do not match " + height + "x" + width);
    }
  }

  public int label(int y, int x) {
    return labels[y * width + x] & 0xff;
  }
}
