package dev.segtpu.trainer.model.deeplab;

import dev.segtpu.trainer.model.FanOut;
import dev.segtpu.trainer.model.Layers;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * ResNet v1 "beta" (the TPU reference's DeepLab backbone): the 7×7 stem replaced by three 3×3 convs
 * (64, 64, 128), a 3×3 max pool, then four stages of bottleneck units (1×1, 3×3, 1×1 ×4). The stride
 * of stages 2–4 sits on their first unit, so stage 1's output is the stride-4 feature the decoder uses.
 */
public final class ResNet implements Backbone {

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

  /**
   * ResNet v1 as the Mask R-CNN reference's backbone ({@code resnet.py} of tensorflow/tpu, {@code resnet_v1_50} /
   * {@code _101}): a 7×7 stride-2 convolution of 64 and a 3×3 stride-2 max pool, then the four bottleneck stages with
   * their stride on the first unit's 3×3 convolution and no atrous rate, so stage s ends at stride 2^(s+1). Returns
   * C2..C5 keyed by level, the inputs of {@code FeaturePyramid}; a level that also feeds the next stage is handed out
   * through {@link FanOut}.
   *
   * <p>Deviation: batch norm is trained with the rest (the reference freezes it and starts from an ImageNet
   * checkpoint; this trainer starts from scratch).
   *
   * @param widthMultiplier scales every channel count (1.0 = the published network)
   * @param maxBlockRepeats caps the units of every stage (0 = none): tiny networks for tests and the sandbox
   */
  public static NavigableMap<Integer, Operand<TFloat32>> pyramid(Layers layers, Operand<TFloat32> images, BackboneKind kind,
                                                                 double widthMultiplier, int maxBlockRepeats) {
    List<Integer> units = switch (kind) {
      case RESNET50 -> List.of(3, 4, 6, 3);
      case RESNET101 -> List.of(3, 4, 23, 3);
      case MOBILENETV2 -> throw new IllegalArgumentException("Mask R-CNN's backbone is resnet50 or resnet101, not mobilenetv2");
    };
    Layers net = layers.in(kind == BackboneKind.RESNET50 ? "resnet_v1_50" : "resnet_v1_101");
    Operand<TFloat32> x = net.convBnRelu("conv1", images, 7, scaled(64, widthMultiplier), 2, 1);
    x = net.maxPool(x);
    NavigableMap<Integer, Operand<TFloat32>> levels = new TreeMap<>();
    for (int s = 0; s < BASE_DEPTHS.length; s++) {
      int depth = scaled(BASE_DEPTHS[s], widthMultiplier);
      int repeats = maxBlockRepeats > 0 ? Math.min(units.get(s), maxBlockRepeats) : units.get(s);
      for (int u = 0; u < repeats; u++) {
        int stride = u == 0 ? STAGE_STRIDES[s] : 1;
        x = bottleneck(net.in("block" + (s + 1) + "/unit_" + (u + 1)), x, depth, new AtrousStride.StrideAndRate(stride, 1));
      }
      if (s + 1 < BASE_DEPTHS.length) {
        List<Operand<TFloat32>> copies = FanOut.copies(net.tf(), x, 2);
        levels.put(s + 2, copies.get(0));
        x = copies.get(1);
      } else {
        levels.put(s + 2, x);
      }
    }
    return levels;
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
