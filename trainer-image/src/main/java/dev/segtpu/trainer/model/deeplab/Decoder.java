package dev.segtpu.trainer.model.deeplab;

import dev.segtpu.trainer.model.Layers;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * DeepLab v3+ decoder: project the stride-4 features to 48 channels, upsample the ASPP output to
 * their size, concatenate, and refine with two 3×3 depthwise-separable convs.
 */
final class Decoder {

  private final DeepLabSpec spec;

  Decoder(DeepLabSpec spec) {
    this.spec = spec;
  }

  Operand<TFloat32> apply(Layers layers, Operand<TFloat32> aspp, Operand<TFloat32> lowLevel) {
    Layers decoder = layers.in("decoder");
    Operand<TFloat32> projected = decoder.convBnRelu("feature_projection", lowLevel, 1, spec.lowLevelChannels(), 1, 1);
    Operand<TFloat32> upsampled = decoder.resize(aspp, Layers.height(lowLevel), Layers.width(lowLevel));
    Operand<TFloat32> x = decoder.concatChannels(upsampled, projected);
    x = decoder.separableConvBnRelu("decoder_conv0", x, 3, spec.decoderChannels(), 1);
    return decoder.separableConvBnRelu("decoder_conv1", x, 3, spec.decoderChannels(), 1);
  }
}
