package dev.segtpu.trainer.model.deeplab;

import dev.segtpu.trainer.model.Layers;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** Feature extractor under DeepLab's ASPP and decoder. */
public interface Backbone {

  /** @param images normalised NHWC images */
  BackboneFeatures features(Layers layers, Operand<TFloat32> images);

  static Backbone of(DeepLabSpec spec) {
    return switch (spec.backbone()) {
      case MOBILENETV2 -> new MobileNetV2(spec);
      case RESNET50 -> ResNet.v1Beta50(spec);
      case RESNET101 -> ResNet.v1Beta101(spec);
    };
  }
}
