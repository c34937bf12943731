package dev.segtpu.trainer.input.augment;

import dev.segtpu.trainer.input.coco.Instance;
import java.util.List;

/**
 * One instance example ready for a Mask R-CNN batch slot: fixed size, in output pixels.
 *
 * @param sourceId the record's COCO image id, to report detections against
 * @param size height and width of the padded square
 * @param image HWC float pixels in [0, 255] as the VOC path's (normalising is the model's job); padding is
 *     {@link CropTarget#PAD_PIXEL}, which the model's normalisation turns into the zeros the reference pads with
 * @param instances the kept objects in record order: boxes in output pixels, masks size×size, area scaled,
 *     crowd regions included but flagged (training ignores them)
 * @param scale output pixels per source pixel; divide output coordinates by it to get original ones
 * @param flipped whether the example was mirrored (then x maps back as width − x before unscaling)
 */
public record AugmentedInstances(String sourceId, int size, float[] image, List<Instance> instances,
                                 double scale, boolean flipped) {

  public AugmentedInstances {
    if (image.length != size * size * 3) {
      throw new IllegalArgumentException(sourceId + ": image is not " + size + "x" + size + " RGB");
    }
    instances = List.copyOf(instances);
  }
}
