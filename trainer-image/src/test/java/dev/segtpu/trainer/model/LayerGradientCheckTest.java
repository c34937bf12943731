package dev.segtpu.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segtpu.trainer.model.maskrcnn.FeaturePyramid;
import dev.segtpu.trainer.model.maskrcnn.MultilevelRoiAlign;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Finite differences against TensorFlow's gradients for the building blocks DeepLab is made of, with
 * the per-pixel loss (ignore label included) on top: atrous convolutions before and after other
 * layers, rates larger than the feature map, strided and depthwise convs, batch-norm stacks, bilinear
 * resizing, image pooling and concatenation; and Mask R-CNN's feature pyramid and multilevel RoIAlign. This is the guard that catches wrong gradients such as
 * TensorFlow's for dilated convolutions (activations are ELU: kinks spoil central differences).
 */
class LayerGradientCheckTest {

  interface Block {
    Operand<TFloat32> build(Layers layers, Operand<TFloat32> x);
  }

  static Stream<Arguments> blocks() {
    return Stream.of(
        Arguments.of("atrous conv rate 3, then conv", 16, (Block) (l, x) -> l.conv("a", l.conv("b", x, 3, 4, 1, 3), 3, 4, 1, 1)),
        Arguments.of("conv, then atrous conv rate 2", 16, (Block) (l, x) -> l.conv("a", l.conv("b", x, 3, 4, 1, 1), 3, 4, 1, 2)),
        Arguments.of("strided conv on an odd map, then strided conv on an even map", 9,
            (Block) (l, x) -> l.conv("a", l.conv("b", x, 3, 4, 2, 1), 3, 4, 2, 1)),
        // the same layers through TensorFlow's Conv2D and SpaceToBatchND, the form large layers take
        Arguments.of("Conv2D form: atrous conv rate 3, then strided conv", 16,
            (Block) (l, x) -> l.withMaxPatchBytes(0).conv("a", l.conv("b", x, 3, 4, 1, 3), 3, 4, 2, 1)),
        Arguments.of("conv, then atrous conv rate 18 on a 4x4 map (centre tap only)", 4,
            (Block) (l, x) -> l.conv("a", l.conv("b", x, 1, 4, 1, 1), 3, 3, 1, 18)),
        Arguments.of("conv, then atrous depthwise rate 3 on a 7x7 map (padded to a multiple of the rate)", 7,
            (Block) (l, x) -> l.depthwise("a", l.conv("b", x, 1, 4, 1, 1), 3, 1, 3)),
        Arguments.of("conv, then atrous depthwise rate 12 on a 4x4 map (centre tap only)", 4, (Block) (l, x) -> l.depthwise("a", l.conv("b", x, 1, 4, 1, 1), 3, 1, 12)),
        Arguments.of("conv, then atrous depthwise rate 2 on an 8x8 map", 8, (Block) (l, x) -> l.depthwise("a", l.conv("b", x, 1, 4, 1, 1), 3, 1, 2)),
        Arguments.of("conv, then 3x3 stride-2 max pooling on an odd map, then conv", 9,
            (Block) (l, x) -> l.conv("a", l.maxPool(l.conv("b", x, 3, 4, 1, 1)), 1, 3, 1, 1)),
        Arguments.of("strided depthwise on an odd map", 9, (Block) (l, x) -> l.depthwise("a", l.conv("b", x, 1, 4, 1, 1), 3, 2, 1)),
        Arguments.of("four conv-BN-activation layers down to 1x1", 16, (Block) (l, x) -> {
          Operand<TFloat32> y = x;
          for (int i = 0; i < 4; i++) {
            y = l.convBnRelu("c" + i, y, 3, 8, 2, 1);
          }
          return l.conv("out", y, 1, 3, 1, 1);
        }),
        Arguments.of("separable atrous conv with batch norm", 8, (Block) (l, x) -> l.conv("out", l.separableConvBnRelu("s", x, 3, 6, 2), 1, 3, 1, 1)),
        Arguments.of("image pooling with batch norm, upsampled", 16, (Block) (l, x) ->
            l.resize(l.convBnRelu("p", l.globalAveragePool(l.conv("a", x, 1, 4, 1, 1)), 1, 3, 1, 1), 16, 16)),
        // oneDNN's Conv2D input gradient is wrong for these channel counts (Convolutions builds 1x1 as MatMul)
        Arguments.of("1x1 conv from 80 channels after a conv on a 4x4 map", 4, (Block) (l, x) -> l.conv("a", l.conv("b", x, 1, 80, 1, 1), 1, 3, 1, 1)),
        Arguments.of("1x1 conv from 320 channels after a conv on a 4x4 map", 4, (Block) (l, x) -> l.conv("a", l.conv("b", x, 1, 320, 1, 1), 1, 16, 1, 1)),
        Arguments.of("strided 1x1 conv from 112 channels on an odd map", 9, (Block) (l, x) -> l.conv("a", l.conv("b", x, 1, 112, 1, 1), 1, 3, 2, 1)),
        Arguments.of("bilinear upsampling 4x4 to 16x16", 4, (Block) (l, x) -> l.resize(l.conv("b", x, 1, 3, 1, 1), 16, 16)),
        Arguments.of("concatenation of two branches", 8, (Block) (l, x) -> {
          Operand<TFloat32> b = l.conv("b", x, 1, 4, 1, 1);
          return l.concatChannels(l.conv("c", b, 1, 2, 1, 1), l.conv("d", b, 1, 1, 1, 1));
        }),
        Arguments.of("feature pyramid P2..P6 of four strided convs, every level resized into the logits", 16,
            (Block) LayerGradientCheckTest::featurePyramid),
        Arguments.of("multilevel RoIAlign 7x7 of boxes on levels 2 and 3, edge boxes included", 32,
            (Block) (l, x) -> roiAlign(l, x, MultilevelRoiAlign.BOX_HEAD_SIZE)),
        Arguments.of("multilevel RoIAlign 14x14 of boxes on levels 2 and 3, edge boxes included", 32,
            (Block) (l, x) -> roiAlign(l, x, MultilevelRoiAlign.MASK_HEAD_SIZE)));
  }

  /** C2..C5 as convs of stride 1, 2, 2, 2 (16² to 2²), an FPN of 4 channels, P2..P6 resized to 16² and summed. */
  private static Operand<TFloat32> featurePyramid(Layers l, Operand<TFloat32> x) {
    NavigableMap<Integer, Operand<TFloat32>> backbone = new TreeMap<>();
    Operand<TFloat32> c = x;
    for (int level = 2; level <= 5; level++) {
      c = l.conv("c" + level, c, 3, 4, level == 2 ? 1 : 2, 1);
      backbone.put(level, c);
    }
    Operand<TFloat32> sum = null;
    for (Operand<TFloat32> p : new FeaturePyramid(4).build(l, backbone).values()) {
      Operand<TFloat32> resized = l.resize(p, 16, 16);
      sum = sum == null ? resized : l.add(sum, resized);
    }
    return l.conv("out", sum, 1, 3, 1, 1);
  }

  /**
   * P2 (32², a 128² image) and P3 (16²) from convs; three boxes per image, of levels 2 and 3, some reaching the
   * image's last pixel or past it (edge-clamped samples); the crops through a 1×1 conv to the logits.
   */
  private static Operand<TFloat32> roiAlign(Layers l, Operand<TFloat32> x, int size) {
    NavigableMap<Integer, Operand<TFloat32>> features = new TreeMap<>();
    features.put(2, l.conv("b", x, 3, 4, 1, 1));
    features.put(3, l.conv("c", features.get(2), 3, 4, 2, 1));
    Operand<TFloat32> boxes = l.tf().constant(new float[][][] {
        {{4, 8, 60, 40}, {0, 0, 127, 127}, {70, 90, 128, 128}},
        {{10, 10, 30, 30}, {20, 0, 127, 120}, {100, 100, 120, 127}}});
    return l.conv("out", new MultilevelRoiAlign(l.tf(), features).crop(boxes, size), 1, 3, 1, 1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("blocks")
  void gradientsOfEveryVariableMatchCentralDifferences(String name, int size, Block block) {
    List<String> mismatches = new ArrayList<>();
    try (Graph g = new Graph(); Session session = new Session(g)) {
      Ops tf = Ops.create(g);
      ParameterStore store = new ParameterStore(tf, 3);
      Layers layers = new Layers(tf, store, Mode.TRAINING, 0.99f, Activations.SMOOTH_FOR_GRADIENT_CHECKS);
      Operand<TFloat32> x = tf.constant(AtrousConvolutionTest.randomTensor(Shape.of(2, size, size, 4), 5));
      Operand<TFloat32> logits = block.build(layers, x);
      Operand<TFloat32> loss = PixelwiseCrossEntropy.loss(tf, logits, tf.constant(labels(logits.shape())), (int) logits.shape().size(3));
      mismatches.addAll(CentralDifferences.mismatches(tf, session, store, loss));
    }
    assertThat(mismatches).isEmpty();
  }

  /** Random classes with a quarter of the pixels set to the ignore label. */
  private static org.tensorflow.types.TInt32 labels(Shape logits) {
    Random random = new Random(3);
    int[] labels = new int[(int) (logits.size() / logits.size(3))];
    for (int k = 0; k < labels.length; k++) {
      labels[k] = random.nextInt(4) == 0 ? PixelwiseCrossEntropy.IGNORE_LABEL : random.nextInt((int) logits.size(3));
    }
    return HostArrays.tensor(Shape.of(logits.size(0), logits.size(1), logits.size(2)), labels);
  }
}
