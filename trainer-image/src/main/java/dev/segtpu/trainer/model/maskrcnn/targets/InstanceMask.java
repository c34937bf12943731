package dev.segtpu.trainer.model.maskrcnn.targets;

/**
 * One object's mask over the whole (resized, padded) input image, row-major, {@code true} on the object. The
 * reference keeps masks pre-cropped to their boxes ({@code cropped_gt_masks}); a full-image mask is what the
 * trainer's datasets decode to, so targets are cropped from it directly (see {@link MaskTargets}).
 */
public record InstanceMask(int height, int width, boolean[] pixels) {

  public InstanceMask {
    if (pixels.length != height * width) {
      throw new IllegalArgumentException(
          "a " + height + "x" + width + " mask needs " + height * width + " pixels, not " + pixels.length);
    }
  }

  /** The pixel at {@code (row, column)} as 0 or 1; 0 outside the image, where no object is. */
  double at(int row, int column) {
    boolean inside = row >= 0 && row < height && column >= 0 && column < width;
    return inside && pixels[row * width + column] ? 1.0 : 0.0;
  }
}
