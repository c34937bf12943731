package dev.segtpu.trainer.model.deeplab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segtpu.trainer.model.HostArrays;
import dev.segtpu.trainer.train.MomentumSgd;
import dev.segtpu.trainer.train.SessionSettings;
import dev.segtpu.trainer.train.TrainingGraph;
import dev.segtpu.trainer.train.TrainingShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The published networks at full size (every layer, the paper's widths, output stride 16) learn:
 * ten steps on one batch of three striped classes bring the loss well down. This runs the forms that
 * only full-size layers take (the stem's Conv2D next to patch products, the ASPP's centre-tap rates
 * beside SpaceToBatch ones, MobileNetV2's recomputed segments) through whole training steps.
 * MobileNetV2 and ResNet-50 at 257² take about 10 s each; ResNet-101 at the reference's 513² crop is
 * tagged slow ({@code mvn verify -Pslow}).
 */
class PublishedNetworksLearnTest {

  private static final int STEPS = 10;

  @ParameterizedTest
  @EnumSource(value = BackboneKind.class, names = {"MOBILENETV2", "RESNET50"})
  void tenStepsOnOneBatchBringTheLossWellDown(BackboneKind backbone) {
    assertLearns(backbone, 257, 2);
  }

  @Tag("slow")
  @ParameterizedTest
  @EnumSource(value = BackboneKind.class, names = {"RESNET101"})
  void atTheReferenceCropTheDeepestBackboneLearnsToo(BackboneKind backbone) {
    assertLearns(backbone, 513, 1);
  }

  private static void assertLearns(BackboneKind backbone, int size, int batch) {
    DeepLabSpec spec = DeepLabSpec.published(backbone, 21, 16);
    List<Float> losses = new ArrayList<>();
    try (TrainingGraph graph = new TrainingGraph(new DeepLabV3Plus(spec), TrainingShape.square(batch, size),
        new MomentumSgd(0.9, 1e-4), spec.batchNormDecay(), 1);
         Session session = SessionSettings.open(graph.graph());
         TFloat32 images = HostArrays.tensor(Shape.of(batch, size, size, 3), stripedPixels(batch, size));
         TInt32 labels = HostArrays.tensor(Shape.of(batch, size, size), stripeLabels(batch, size));
         TFloat32 rate = TFloat32.scalarOf(0.01f)) {
      session.forceInitialize();
      for (int step = 0; step < STEPS; step++) {
        try (var result = session.runner().feed(graph.images(), images).feed(graph.labels(), labels)
            .feed(graph.learningRate(), rate).addTarget(graph.trainStep()).fetch(graph.loss()).run()) {
          losses.add(((TFloat32) result.get(0)).getFloat());
        }
      }
    }
    assertThat(losses).allMatch(Float::isFinite);
    assertThat(losses.get(0)).as("first loss: about ln 21 for an untrained classifier").isBetween(1.5f, 5f);
    assertThat(losses.get(STEPS - 1)).as("losses %s", losses).isLessThan(0.4f * losses.get(0));
  }

  /** Class 1, 2 or 3 by vertical third of the image; the border column between thirds is ignored (255). */
  private static int[] stripeLabels(int batch, int size) {
    int[] labels = new int[batch * size * size];
    for (int i = 0; i < labels.length; i++) {
      int x = i % size;
      labels[i] = x == size / 3 || x == 2 * size / 3 ? 255 : 1 + 3 * x / size;
    }
    return labels;
  }

  /** Each class its own brightness per channel, plus noise. */
  private static float[] stripedPixels(int batch, int size) {
    Random random = new Random(3);
    float[] pixels = new float[batch * size * size * 3];
    for (int i = 0; i < pixels.length; i++) {
      int x = (i / 3) % size;
      int stripe = 3 * x / size;
      int channel = i % 3;
      pixels[i] = (stripe == channel ? 200f : 40f) + 30f * random.nextFloat();
    }
    return pixels;
  }
}
