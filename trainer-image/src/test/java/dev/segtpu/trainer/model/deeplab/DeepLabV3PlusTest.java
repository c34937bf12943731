package dev.segtpu.trainer.model.deeplab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segtpu.trainer.model.Layers;
import dev.segtpu.trainer.model.Mode;
import dev.segtpu.trainer.model.Parameter;
import dev.segtpu.trainer.model.ParameterStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.Graph;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Block output shapes and parameter counts of DeepLab v3+, against numbers derived here from the
 * papers' layer tables and from published parameter counts (Keras MobileNetV2, torchvision ResNet).
 */
class DeepLabV3PlusTest {

  private static final int CLASSES = 3;
  private static final int BATCH = 2;

  /** What a network built from {@code spec} on a {@code size}² batch looks like. */
  private record Built(DeepLabV3Plus.Blocks blocks, ParameterStore store) {
    long trainable(String prefix) {
      return store.trainable().stream().filter(p -> p.name().startsWith(prefix)).mapToLong(Parameter::size).sum();
    }
  }

  private static Built build(Graph graph, DeepLabSpec spec, int size) {
    Ops tf = Ops.create(graph);
    ParameterStore store = new ParameterStore(tf, 1);
    Layers layers = new Layers(tf, store, Mode.TRAINING, spec.batchNormDecay());
    var images = tf.placeholder(TFloat32.class, org.tensorflow.op.core.Placeholder.shape(Shape.of(BATCH, size, size, 3)));
    return new Built(new DeepLabV3Plus(spec).logitsByBlock(layers, images), store);
  }

  private static DeepLabSpec tiny(BackboneKind backbone, int outputStride) {
    return new DeepLabSpec(backbone, CLASSES, outputStride, 0.25, 1, 8, 8, 4, 0.99f);
  }

  @ParameterizedTest(name = "output stride {0}")
  @ValueSource(ints = {8, 16})
  void mobileNetV2BlocksHaveThePaperShapesAtEachOutputStride(int outputStride) {
    try (Graph g = new Graph()) {
      DeepLabV3Plus.Blocks b = build(g, tiny(BackboneKind.MOBILENETV2, outputStride), 64).blocks();
      int high = 64 / outputStride;
      // width 0.25: 320 → 80 channels, 24 → 8 (rounded to multiples of 8)
      assertThat(b.backbone().high().shape()).isEqualTo(Shape.of(BATCH, high, high, 80));
      assertThat(b.backbone().lowLevel().shape()).isEqualTo(Shape.of(BATCH, 16, 16, 8));
      assertThat(b.aspp().shape()).isEqualTo(Shape.of(BATCH, high, high, 8));
      assertThat(b.decoder().shape()).isEqualTo(Shape.of(BATCH, 16, 16, 8));
      assertThat(b.coarseLogits().shape()).isEqualTo(Shape.of(BATCH, 16, 16, CLASSES));
      assertThat(b.logits().shape()).isEqualTo(Shape.of(BATCH, 64, 64, CLASSES));
    }
  }

  @ParameterizedTest(name = "output stride {0}")
  @ValueSource(ints = {8, 16})
  void resNetBlocksHaveTheExpectedShapesAtEachOutputStride(int outputStride) {
    try (Graph g = new Graph()) {
      DeepLabV3Plus.Blocks b = build(g, tiny(BackboneKind.RESNET50, outputStride), 64).blocks();
      int high = 64 / outputStride;
      // width 0.25: bottleneck depths 16, 32, 64, 128 → outputs ×4
      assertThat(b.backbone().high().shape()).isEqualTo(Shape.of(BATCH, high, high, 512));
      assertThat(b.backbone().lowLevel().shape()).isEqualTo(Shape.of(BATCH, 16, 16, 64));
      assertThat(b.aspp().shape()).isEqualTo(Shape.of(BATCH, high, high, 8));
      assertThat(b.decoder().shape()).isEqualTo(Shape.of(BATCH, 16, 16, 8));
      assertThat(b.logits().shape()).isEqualTo(Shape.of(BATCH, 64, 64, CLASSES));
    }
  }

  @Test
  void oddCropSizesKeepTheReferenceShapes() {
    try (Graph g = new Graph()) {
      DeepLabV3Plus.Blocks b = build(g, tiny(BackboneKind.MOBILENETV2, 16), 65).blocks();
      // SAME stride-2 convs round up: 65 → 33 → 17 (stride 4) → 9 → 5 (stride 16)
      assertThat(b.backbone().lowLevel().shape().size(1)).isEqualTo(17);
      assertThat(b.aspp().shape().size(1)).isEqualTo(5);
      assertThat(b.logits().shape()).isEqualTo(Shape.of(BATCH, 65, 65, CLASSES));
    }
  }

  @Test
  void publishedMobileNetV2BackboneHasKerasParameterCount() {
    // Keras MobileNetV2(alpha=1, include_top=False): 2,223,872 trainable; minus the final 1×1 conv to
    // 1280 channels (320·1280 = 409,600) and its batch norm's gamma and beta (2·1280), which DeepLab drops.
    long expected = 2_223_872L - 409_600L - 2_560L;
    try (Graph g = new Graph()) {
      Built built = build(g, DeepLabSpec.published(BackboneKind.MOBILENETV2, 21, 16), 64);
      assertThat(built.trainable("MobilenetV2/")).isEqualTo(expected);
    }
  }

  @ParameterizedTest(name = "ResNet-{0}")
  @ValueSource(ints = {50, 101})
  void publishedResNetBetaBackboneHasTorchvisionCountAdjustedForTheBetaStem(int depth) {
    // torchvision resnet50 / resnet101: 25,557,032 / 44,549,160 parameters, of which the classifier
    // is 2048·1000 + 1000. The beta stem replaces 7×7×3×64 + BN(64) with 3×3 convs 3→64→64→128 + BNs,
    // and block 1's first unit then sees 128 input channels instead of 64 (its 1×1 conv and shortcut).
    long torchvision = depth == 50 ? 25_557_032L : 44_549_160L;
    long backbone = torchvision - (2048L * 1000 + 1000);
    long standardStem = 7 * 7 * 3 * 64 + 2 * 64;
    long betaStem = (27L * 64 + 128) + (9L * 64 * 64 + 128) + (9L * 64 * 128 + 256);
    long widerBlock1Input = 64L * 64 + 64L * 256;
    BackboneKind kind = depth == 50 ? BackboneKind.RESNET50 : BackboneKind.RESNET101;
    try (Graph g = new Graph()) {
      Built built = build(g, DeepLabSpec.published(kind, 21, 16), 64);
      assertThat(built.trainable("resnet_v1_" + depth + "/")).isEqualTo(backbone - standardStem + betaStem + widerBlock1Input);
    }
  }

  @Test
  void publishedHeadsHaveTheParameterCountOfTheirLayers() {
    try (Graph g = new Graph()) {
      Built built = build(g, DeepLabSpec.published(BackboneKind.MOBILENETV2, 21, 16), 64);
      assertThat(built.trainable("aspp/")).isEqualTo(asppParameters(320, 256));
      assertThat(built.trainable("decoder/")).isEqualTo(decoderParameters(24, 48, 256, 256));
      assertThat(built.trainable("logits/")).isEqualTo(256L * 21 + 21);
    }
  }

  @Test
  void tinyNetworkParameterCountIsTheSumOfItsLayers() {
    try (Graph g = new Graph()) {
      Built built = build(g, tiny(BackboneKind.MOBILENETV2, 16), 64);
      long backbone = mobileNetV2Parameters(0.25, 1);
      assertThat(built.trainable("MobilenetV2/")).isEqualTo(backbone);
      assertThat(built.store().trainableCount())
          .isEqualTo(backbone + asppParameters(80, 8) + decoderParameters(8, 4, 8, 8) + 8L * CLASSES + CLASSES);
    }
  }

  /** Conv kernels plus batch-norm gamma and beta of MobileNetV2 (paper table 2), repeats capped. */
  private static long mobileNetV2Parameters(double width, int cap) {
    int[][] stages = {{1, 16, 1}, {6, 24, 2}, {6, 32, 3}, {6, 64, 4}, {6, 96, 3}, {6, 160, 3}, {6, 320, 1}};
    long in = roundToEight(32 * width);
    long total = 3L * 3 * 3 * in + 2 * in;
    for (int[] stage : stages) {
      long out = roundToEight(stage[1] * width);
      for (int i = 0; i < Math.min(stage[2], cap); i++) {
        long hidden = in * stage[0];
        if (stage[0] != 1) {
          total += in * hidden + 2 * hidden;
        }
        total += 9 * hidden + 2 * hidden + hidden * out + 2 * out;
        in = out;
      }
    }
    return total;
  }

  private static long roundToEight(double channels) {
    long rounded = Math.max(8, (long) (channels + 4) / 8 * 8);
    return rounded < 0.9 * channels ? rounded + 8 : rounded;
  }

  /** Image pooling 1×1, 1×1 branch, three separable branches (depthwise + BN + pointwise + BN), projection. */
  private static long asppParameters(long in, long channels) {
    long oneByOne = in * channels + 2 * channels;
    long separable = 9 * in + 2 * in + in * channels + 2 * channels;
    return 2 * oneByOne + 3 * separable + 5 * channels * channels + 2 * channels;
  }

  /** 1×1 projection of the low-level features, then two separable 3×3 convs on the concatenation. */
  private static long decoderParameters(long lowLevelIn, long projected, long asppChannels, long channels) {
    long concat = asppChannels + projected;
    return lowLevelIn * projected + 2 * projected
        + 9 * concat + 2 * concat + concat * channels + 2 * channels
        + 9 * channels + 2 * channels + channels * channels + 2 * channels;
  }
}
