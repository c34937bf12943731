package dev.segtpu.trainer.model.deeplab;

import dev.segtpu.trainer.model.Layers;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * ASPP (DeepLab v3/v3+): a 1×1 branch, three atrous 3×3 depthwise-separable branches at the output
 * stride's rates, and image pooling (global mean → 1×1 → upsampled), concatenated and projected by a
 * 1×1 conv. Every conv is followed by batch norm and ReLU. One segment the backward pass can recompute.
 */
final class AtrousSpatialPyramidPooling {

  private final DeepLabSpec spec;

  AtrousSpatialPyramidPooling(DeepLabSpec spec) {
    this.spec = spec;
  }

  Operand<TFloat32> apply(Layers layers, Operand<TFloat32> features) {
    return layers.in("aspp").segment(features, this::pyramid);
  }

  private Operand<TFloat32> pyramid(Layers aspp, Operand<TFloat32> features) {
    int channels = spec.asppChannels();
    int[] rates = spec.asppRates();
    Operand<TFloat32> pooled = aspp.convBnRelu("image_pooling", aspp.globalAveragePool(features), 1, channels, 1, 1);
    return aspp.convBnRelu("concat_projection", aspp.concatChannels(
        aspp.resize(pooled, Layers.height(features), Layers.width(features)),
        aspp.convBnRelu("aspp0", features, 1, channels, 1, 1),
        aspp.separableConvBnRelu("aspp1", features, 3, channels, rates[0]),
        aspp.separableConvBnRelu("aspp2", features, 3, channels, rates[1]),
        aspp.separableConvBnRelu("aspp3", features, 3, channels, rates[2])), 1, channels, 1, 1);
  }
}
