package dev.segtpu.trainer.model.deeplab;

import dev.segtpu.trainer.model.Layers;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * ResNet v1 "beta" (the TPU reference's DeepLab backbone): the 7×7 stem replaced by three 3×3 convs
 * (64, 64, 128), a 3×3 max pool, then four stages of bottleneck units (1×1, 3×3, 1×1 ×4). The stride
 * of stages 2–4 sits on their first unit, so stage 1's output is the stride-4 feature the decoder uses.
 */
final class ResNet implements Backbone {

  static final int[] BASE_DEPTHS = {64, 128, 256, 512};
  static final int[] STAGE_STRIDES = {1, 2, 2, 2};
  static final int[] STEM_CHANNELS = {64, 64, 128};

  private final DeepLabSpec spec;
  private final List<Integer> units;
  private final String name;

  private ResNet(DeepLabSpec spec, List<Integer> units, String name) {
    this.spec = spec;
    this.units = units;
    this.name = name;
  }

  static ResNet v1Beta50(DeepLabSpec spec) {
    return new ResNet(spec, List.of(3, 4, 6, 3), "resnet_v1_50");
  }

  static ResNet v1Beta101(DeepLabSpec spec) {
    return new ResNet(spec, List.of(3, 4, 23, 3), "resnet_v1_101");
  }

  static int scaled(int channels, double widthMultiplier) {
    return Math.max(8, (int) Math.round(channels * widthMultiplier));
  }

  @Override
  public BackboneFeatures features(Layers layers, Operand<TFloat32> images) {
    Layers net = layers.in(name);
    AtrousStride stride = new AtrousStride(spec.outputStride());
    double width = spec.widthMultiplier();
    Operand<TFloat32> x = net.convBnRelu("conv1_1", images, 3, scaled(STEM_CHANNELS[0], width), stride.enter(2).stride(), 1);
    x = net.convBnRelu("conv1_2", x, 3, scaled(STEM_CHANNELS[1], width), 1, 1);
    x = net.convBnRelu("conv1_3", x, 3, scaled(STEM_CHANNELS[2], width), 1, 1);
    stride.enter(2);
    x = net.maxPool(x);
    Operand<TFloat32> lowLevel = null;
    for (int s = 0; s < BASE_DEPTHS.length; s++) {
      int depth = scaled(BASE_DEPTHS[s], width);
      AtrousStride.StrideAndRate first = stride.enter(STAGE_STRIDES[s]);
      for (int u = 0; u < spec.repeats(units.get(s)); u++) {
        AtrousStride.StrideAndRate unit = u == 0 ? first : new AtrousStride.StrideAndRate(1, stride.rate());
        x = bottleneck(net.in("block" + (s + 1) + "/unit_" + (u + 1)), x, depth, unit);
      }
      if (s == 0) {
        lowLevel = x;
      }
    }
    return new BackboneFeatures(x, lowLevel);
  }

  /** 1×1 → 3×3 (stride, rate) → 1×1 to 4× depth, plus a projection shortcut when the shape changes. */
  private static Operand<TFloat32> bottleneck(Layers layers, Operand<TFloat32> x, int depth, AtrousStride.StrideAndRate unit) {
    int out = 4 * depth;
    Operand<TFloat32> shortcut = Layers.channels(x) == out && unit.stride() == 1
        ? x
        : layers.batchNorm("shortcut/BatchNorm", layers.conv("shortcut", x, 1, out, unit.stride(), 1));
    Operand<TFloat32> y = layers.convBnRelu("conv1", x, 1, depth, 1, 1);
    y = layers.convBnRelu("conv2", y, 3, depth, unit.stride(), unit.rate());
    y = layers.batchNorm("conv3/BatchNorm", layers.conv("conv3", y, 1, out, 1, 1));
    return layers.relu(layers.add(shortcut, y));
  }
}
