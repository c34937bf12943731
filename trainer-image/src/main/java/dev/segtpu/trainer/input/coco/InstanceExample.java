package dev.segtpu.trainer.input.coco;

import java.util.List;

/**
 * One decoded COCO-layout example before augmentation: the image and its annotated objects.
 *
 * @param sourceId the record's image/source_id (COCO image id), for error messages and evaluation
 * @param rgb interleaved RGB bytes, row-major, length height*width*3 (as {@code SegmentationExample} holds them)
 * @param instances the objects in record order; masks are height*width each
 */
public record InstanceExample(String sourceId, int width, int height, byte[] rgb, List<Instance> instances) {

  public InstanceExample {
    if (height <= 0 || width <= 0) {
      throw new IllegalArgumentException(sourceId + ": empty image " + height + "x" + width);
    }
    if (rgb.length != height * width * 3) {
      throw new IllegalArgumentException(sourceId + ": rgb does not match " + height + "x" + width);
    }
    for (Instance instance : instances) {
      if (instance.mask().length != height * width) {
        throw new IllegalArgumentException(sourceId + ": a mask does not match " + height + "x" + width);
      }
    }
    instances = List.copyOf(instances);
  }
}
