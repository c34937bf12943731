package dev.segtpu.trainer.eval.coco;

/**
 * Which geometry an evaluation compares, cocoeval's {@code iouType}. It decides both the overlap and the
 * area that places a detection in an area range: the box's area for bbox, the mask's pixel count for segm,
 * as pycocotools' loadRes sets them. A ground truth's area is always its annotation's.
 */
public enum IouType {
  BBOX,
  SEGM;

  double iou(Detection detection, GroundTruth groundTruth) {
    return switch (this) {
      case BBOX -> Iou.boxes(box(detection.box()), box(groundTruth.box()), groundTruth.crowd());
      case SEGM -> Iou.masks(mask(detection.mask()), mask(groundTruth.mask()), groundTruth.crowd());
    };
  }

  double area(Detection detection) {
    return switch (this) {
      case BBOX -> box(detection.box()).area();
      case SEGM -> mask(detection.mask()).area();
    };
  }

  private static Box box(Box box) {
    if (box == null) {
      throw new IllegalArgumentException("bbox evaluation needs a box on every ground truth and detection");
    }
    return box;
  }

  private static BinaryMask mask(BinaryMask mask) {
    if (mask == null) {
      throw new IllegalArgumentException("segm evaluation needs a mask on every ground truth and detection");
    }
    return mask;
  }
}
