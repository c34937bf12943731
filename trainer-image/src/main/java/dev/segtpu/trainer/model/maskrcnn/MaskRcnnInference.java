package dev.segtpu.trainer.model.maskrcnn;

import dev.segtpu.trainer.model.Layers;
import dev.segtpu.trainer.model.ParameterStore;
import dev.segtpu.trainer.model.maskrcnn.targets.Anchors;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Mask R-CNN's inference tower, all graph ops so the SavedModel needs nothing else: one image → RPN →
 * proposals ({@link GraphProposals#TEST}) → box head → per-class NMS ({@link DetectionGraph#REFERENCE}) → mask
 * head on the detected boxes, each detection's own class channel → masks pasted at image resolution
 * ({@link MaskPaste}), as the reference's {@code mask_rcnn_model.py} in PREDICT mode.
 *
 * @param image the input, [1, size, size, 3] pixels in [0, 255], resized and padded as training images are
 * @param boxes detections [100, 4] (ymin, xmin, ymax, xmax) in input pixels; rows past {@code count} are padding
 * @param scores [100]
 * @param classes [100] class indices (COCO ids with the reference's 91 classes)
 * @param count detections made, scalar
 * @param masks [100, size, size] probabilities that a pixel belongs to the detection
 */
public record MaskRcnnInference(Placeholder<TFloat32> image, Operand<TFloat32> boxes, Operand<TFloat32> scores,
                                Operand<TInt32> classes, Operand<TInt32> count, Operand<TFloat32> masks) {

  static MaskRcnnInference build(Ops tf, Layers layers, ParameterStore parameters, MaskRcnnNetwork network, Anchors anchors,
                                 int imageSize) {
    Placeholder<TFloat32> image = tf.withName("inference_image")
        .placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, imageSize, imageSize, 3)));
    MaskRcnnNetwork.Features features = network.features(layers, image);
    MultilevelRoiAlign roiAlign = new MultilevelRoiAlign(tf, features.pyramid());
    Operand<TFloat32> proposals = GraphProposals.TEST.build(tf, features.rpn(), anchors);
    BoxHead.Outputs head = network.boxHead(layers, roiAlign, tf.expandDims(proposals, tf.constant(0)));
    DetectionGraph.Detections detections = DetectionGraph.REFERENCE.build(tf, proposals, head.classLogits(), head.boxDeltas(),
        imageSize, imageSize);
    Operand<TFloat32> maskLogits = network.maskHead(layers, parameters, roiAlign, tf.expandDims(detections.boxes(), tf.constant(0)));
    int classes = network.spec().numClasses();
    Operand<TFloat32> probabilities = tf.math.sigmoid(MaskHead.classChannel(tf, maskLogits, detections.classes(), classes));
    Operand<TFloat32> pasted = MaskPaste.build(tf, probabilities, detections.boxes(), imageSize, imageSize);
    return new MaskRcnnInference(image,
        tf.withName("detection_boxes").identity(detections.boxes()),
        tf.withName("detection_scores").identity(detections.scores()),
        tf.withName("detection_classes").identity(detections.classes()),
        tf.withName("num_detections").identity(detections.count()),
        tf.withName("detection_masks").identity(pasted));
  }
}
