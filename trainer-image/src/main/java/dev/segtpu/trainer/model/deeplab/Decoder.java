package dev.segtpu.trainer.model.deeplab;

import dev.segtpu.trainer.model.Layers;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * DeepLab v3+ decoder: project the stride-4 features to 48 channels, upsample the ASPP output to
 * their size, concatenate, and refine with two 3×3 depthwise-separable convs.
 *
 * <p>Two segments the backward pass can recompute (up to and after the first separable conv): at
 * 513² batch 4, each of its tensors is 65–80 MB.
 */
final class Decoder {

  private final DeepLabSpec spec;

  Decoder(DeepLabSpec spec) {
    this.spec = spec;
  }

  Operand<TFloat32> apply(Layers layers, Operand<TFloat32> aspp, Operand<TFloat32> lowLevel) {
    Layers decoder = layers.in("decoder");
    Operand<TFloat32> x = decoder.segment(List.of(aspp, lowLevel), (l, in) -> {
      Operand<TFloat32> projected = l.convBnRelu("feature_projection", in.get(1), 1, spec.lowLevelChannels(), 1, 1);
      Operand<TFloat32> upsampled = l.resize(in.get(0), Layers.height(lowLevel), Layers.width(lowLevel));
      return l.separableConvBnRelu("decoder_conv0", l.concatChannels(upsampled, projected), 3, spec.decoderChannels(), 1);
    });
    return decoder.segment(x, (l, in) -> l.separableConvBnRelu("decoder_conv1", in, 3, spec.decoderChannels(), 1));
  }
}
