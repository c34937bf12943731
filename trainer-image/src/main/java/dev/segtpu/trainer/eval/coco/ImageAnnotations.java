package dev.segtpu.trainer.eval.coco;

import java.util.List;

/**
 * Everything about one image: its ground truth and the detections made on it. An image without either still
 * belongs in the evaluation when it was evaluated, as cocoeval evaluates every image of the ground truth set.
 *
 * @param imageId decides the order of images, and so which of two equally scored detections on different
 *     images is ranked first, as cocoeval's sorted {@code imgIds} do
 */
public record ImageAnnotations(long imageId, List<GroundTruth> groundTruths, List<Detection> detections) {

  public ImageAnnotations {
    groundTruths = List.copyOf(groundTruths);
    detections = List.copyOf(detections);
  }
}
