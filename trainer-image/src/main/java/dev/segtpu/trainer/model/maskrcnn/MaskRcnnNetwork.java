package dev.segtpu.trainer.model.maskrcnn;

import dev.segtpu.trainer.model.FanOut;
import dev.segtpu.trainer.model.Layers;
import dev.segtpu.trainer.model.ParameterStore;
import dev.segtpu.trainer.model.Pixels;
import dev.segtpu.trainer.model.deeplab.ResNet;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * The layers of Mask R-CNN in the reference's split (tensorflow/tpu {@code mask_rcnn_model.py}): backbone and
 * feature pyramid, the RPN head on every level, and the two RoI heads on RoIAlign crops. Built once per tower:
 * the training and inference towers share every variable by name.
 */
public final class MaskRcnnNetwork {

  private final MaskRcnnSpec spec;

  public MaskRcnnNetwork(MaskRcnnSpec spec) {
    this.spec = spec;
  }

  public MaskRcnnSpec spec() {
    return spec;
  }

  /** The pyramid P2..P6 for RoIAlign and the RPN's outputs on it. */
  public record Features(NavigableMap<Integer, Operand<TFloat32>> pyramid, RpnHead.Outputs rpn) {}

  /** @param images NHWC pixels in [0, 255] */
  public Features features(Layers layers, Operand<TFloat32> images) {
    NavigableMap<Integer, Operand<TFloat32>> backbone = ResNet.pyramid(layers, Pixels.toUnitRange(layers.tf(), images), spec.backbone(),
        spec.widthMultiplier(), spec.maxBlockRepeats());
    NavigableMap<Integer, Operand<TFloat32>> pyramid = new FeaturePyramid(spec.fpnFilters()).build(layers, backbone);
    NavigableMap<Integer, Operand<TFloat32>> forRpn = new TreeMap<>();
    NavigableMap<Integer, Operand<TFloat32>> forRoiAlign = new TreeMap<>();
    pyramid.forEach((level, map) -> {
      List<Operand<TFloat32>> copies = FanOut.copies(layers.tf(), map, 2);
      forRpn.put(level, copies.get(0));
      forRoiAlign.put(level, copies.get(1));
    });
    return new Features(forRoiAlign, new RpnHead(spec.fpnFilters()).build(layers, forRpn));
  }

  /** Class logits and box deltas of RoIs [batch, boxes, 4] in image pixels. */
  public BoxHead.Outputs boxHead(Layers layers, MultilevelRoiAlign roiAlign, Operand<TFloat32> rois) {
    return new BoxHead(spec.numClasses(), spec.boxHeadDim()).build(layers, roiAlign.crop(rois, MultilevelRoiAlign.BOX_HEAD_SIZE));
  }

  /** Per-class 28×28 mask logits [batch · boxes, 28, 28, classes] of boxes [batch, boxes, 4]. */
  public Operand<TFloat32> maskHead(Layers layers, ParameterStore parameters, MultilevelRoiAlign roiAlign, Operand<TFloat32> boxes) {
    return new MaskHead(spec.numClasses(), spec.fpnFilters()).build(layers, parameters,
        roiAlign.crop(boxes, MultilevelRoiAlign.MASK_HEAD_SIZE));
  }
}
