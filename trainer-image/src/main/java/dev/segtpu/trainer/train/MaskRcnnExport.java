package dev.segtpu.trainer.train;

import dev.segtpu.trainer.model.maskrcnn.MaskRcnnGraph;
import dev.segtpu.trainer.model.maskrcnn.MaskRcnnInference;
import java.io.IOException;
import java.nio.file.Path;
import org.tensorflow.Session;
import org.tensorflow.Signature;

/**
 * Exports Mask R-CNN's inference tower as a SavedModel ("serve" tag, signature {@code serving_default}): {@code image}
 * [1, size, size, 3] in [0, 255], resized so its long side is the size and padded at the bottom and right, as
 * training images are → {@code detection_boxes} [100, 4] (ymin, xmin, ymax, xmax in input pixels),
 * {@code detection_scores} [100], {@code detection_classes} [100], {@code num_detections}, {@code detection_masks}
 * [100, size, size] probabilities. Rows past {@code num_detections} are padding.
 */
final class MaskRcnnExport {

  private MaskRcnnExport() {}

  static Path export(Session session, MaskRcnnGraph graph, Path target) throws IOException {
    MaskRcnnInference inference = graph.inference();
    Signature signature = Signature.builder().key(Signature.DEFAULT_KEY)
        .input("image", inference.image())
        .output("detection_boxes", inference.boxes())
        .output("detection_scores", inference.scores())
        .output("detection_classes", inference.classes())
        .output("num_detections", inference.count())
        .output("detection_masks", inference.masks())
        .build();
    return ModelExport.write(session, signature, target);
  }
}
