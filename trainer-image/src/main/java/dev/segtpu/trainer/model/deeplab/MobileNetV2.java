package dev.segtpu.trainer.model.deeplab;

import dev.segtpu.trainer.model.Layers;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * MobileNetV2 (Sandler et al. 2018) as DeepLab uses it: the stem and the seven inverted-residual
 * stages, without the final 1×1 conv to 1280 channels; stride-4 features for the decoder are the
 * output of the 24-channel stage.
 *
 * <p>The stem and each inverted-residual block are segments the backward pass can recompute: their
 * expanded tensors are six times a block's input and output, and keeping them all for the gradients
 * made the peak memory at 513².
 */
final class MobileNetV2 implements Backbone {

  /** One stage: expansion factor t, output channels c, repeats n, stride s (the paper's table 2). */
  record Stage(int expansion, int channels, int repeats, int stride) {}

  static final int STEM_CHANNELS = 32;
  static final List<Stage> STAGES = List.of(
      new Stage(1, 16, 1, 1),
      new Stage(6, 24, 2, 2),
      new Stage(6, 32, 3, 2),
      new Stage(6, 64, 4, 2),
      new Stage(6, 96, 3, 1),
      new Stage(6, 160, 3, 2),
      new Stage(6, 320, 1, 1));
  /** Index of the stage whose output is at stride 4. */
  static final int LOW_LEVEL_STAGE = 1;

  private final DeepLabSpec spec;

  MobileNetV2(DeepLabSpec spec) {
    this.spec = spec;
  }

  /** The reference implementation's channel rounding: a multiple of 8, at least 8, never below 90%. */
  static int divisible(double channels) {
    int rounded = Math.max(8, (int) (channels + 4) / 8 * 8);
    return rounded < 0.9 * channels ? rounded + 8 : rounded;
  }

  @Override
  public BackboneFeatures features(Layers layers, Operand<TFloat32> images) {
    Layers net = layers.in("MobilenetV2");
    AtrousStride stride = new AtrousStride(spec.outputStride());
    AtrousStride.StrideAndRate stem = stride.enter(2);
    int stemChannels = divisible(STEM_CHANNELS * spec.widthMultiplier());
    Operand<TFloat32> x = net.segment(images, (l, in) -> l.relu6(l.batchNorm("Conv/BatchNorm",
        l.conv("Conv", in, 3, stemChannels, stem.stride(), stem.rate()))));
    Operand<TFloat32> lowLevel = null;
    int block = 0;
    for (int s = 0; s < STAGES.size(); s++) {
      Stage stage = STAGES.get(s);
      int out = divisible(stage.channels() * spec.widthMultiplier());
      AtrousStride.StrideAndRate first = stride.enter(stage.stride());
      for (int i = 0; i < spec.repeats(stage.repeats()); i++) {
        AtrousStride.StrideAndRate layer = i == 0 ? first : new AtrousStride.StrideAndRate(1, stride.rate());
        x = net.in("expanded_conv_" + block++)
            .segment(x, (l, in) -> invertedResidual(l, in, stage.expansion(), out, layer));
      }
      if (s == LOW_LEVEL_STAGE) {
        lowLevel = x;
      }
    }
    return new BackboneFeatures(x, lowLevel);
  }

  /** Expand 1×1 (ReLU6) → depthwise 3×3 (ReLU6) → linear projection 1×1; residual when shapes match. */
  private static Operand<TFloat32> invertedResidual(Layers layers, Operand<TFloat32> x, int expansion, int out,
                                                    AtrousStride.StrideAndRate layer) {
    long in = Layers.channels(x);
    Operand<TFloat32> y = x;
    if (expansion != 1) {
      y = layers.relu6(layers.batchNorm("expand/BatchNorm", layers.conv("expand", y, 1, (int) in * expansion, 1, 1)));
    }
    y = layers.relu6(layers.batchNorm("depthwise/BatchNorm", layers.depthwise("depthwise", y, 3, layer.stride(), layer.rate())));
    y = layers.batchNorm("project/BatchNorm", layers.conv("project", y, 1, out, 1, 1));
    return layer.stride() == 1 && in == out ? layers.add(x, y) : y;
  }
}
