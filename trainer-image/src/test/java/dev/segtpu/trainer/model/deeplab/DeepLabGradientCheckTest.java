package dev.segtpu.trainer.model.deeplab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segtpu.trainer.NativeEnvironment;
import dev.segtpu.trainer.model.Activations;
import dev.segtpu.trainer.model.HostArrays;
import dev.segtpu.trainer.model.Parameter;
import dev.segtpu.trainer.model.RandomBatches;
import dev.segtpu.trainer.train.MomentumSgd;
import dev.segtpu.trainer.train.Recomputation;
import dev.segtpu.trainer.train.TrainingGraph;
import dev.segtpu.trainer.train.TrainingShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Finite differences against TensorFlow's gradients for every trainable variable of a tiny DeepLab
 * v3+ at output stride 8 (atrous rates 2 and 4 in the backbone, 12/24/36 in ASPP). This guard caught
 * TensorFlow's wrong gradients for dilated convolutions: keep it. ReLUs are swapped for ELU here: with
 * kinks, central differences in a deep float32 network disagree with exact gradients.
 *
 * <p>This check also found that with TensorFlow's oneDNN CPU kernels on, Conv2D's input gradient is
 * wrong for some channel counts (80, 112, 320 into a 1×1 conv on a 4×4 map); 1×1 convolutions are
 * MatMuls since (Layers). It runs in the trainer image's environment, oneDNN on (surefire).
 */
class DeepLabGradientCheckTest {

  private static final int BATCH = 2;
  private static final int SIZE = 32;
  private static final int CLASSES = 3;

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = BackboneKind.class, names = {"MOBILENETV2", "RESNET50"})
  void analyticGradientsOfEveryTrainableVariableMatchCentralDifferences(BackboneKind backbone) {
    assertThat(NativeEnvironment.missingFrom(System.getenv())).as("run in the trainer image's environment (surefire sets it)").isEmpty();
    DeepLabSpec spec = new DeepLabSpec(backbone, CLASSES, 8, backbone == BackboneKind.RESNET50 ? 0.125 : 0.25, 1, 8, 8, 4, 0.99f);
    TrainingGraph graph = new TrainingGraph(new DeepLabV3Plus(spec), TrainingShape.square(BATCH, SIZE), new MomentumSgd(0.9, 0), 0.99f, 3,
        Activations.SMOOTH_FOR_GRADIENT_CHECKS, Recomputation.ALL);
    Random random = new Random(11);
    float[] pixels = RandomBatches.pixels(random, BATCH * SIZE * SIZE * 3);
    int[] labels = RandomBatches.labels(random, BATCH * SIZE * SIZE, CLASSES);
    List<String> mismatches = new ArrayList<>();
    try (graph; Session session = new Session(graph.graph());
         TFloat32 images = HostArrays.tensor(Shape.of(BATCH, SIZE, SIZE, 3), pixels);
         TInt32 truth = HostArrays.tensor(Shape.of(BATCH, SIZE, SIZE), labels)) {
      List<Parameter> trainable = graph.parameters().trainable();
      assertThat(trainable).hasSizeGreaterThan(40);
      List<float[]> allWeights = new ArrayList<>();
      List<float[]> allGradients = new ArrayList<>();
      var runner = session.runner().feed(graph.images(), images).feed(graph.labels(), truth);
      trainable.forEach(p -> runner.fetch(p.variable()));
      graph.gradients().forEach(runner::fetch);
      try (var result = runner.run()) {
        for (int p = 0; p < trainable.size(); p++) {
          allWeights.add(HostArrays.floats((TFloat32) result.get(p)));
          allGradients.add(HostArrays.floats((TFloat32) result.get(trainable.size() + p)));
        }
      }
      for (int p = 0; p < trainable.size(); p++) {
        Parameter parameter = trainable.get(p);
        float[] weights = allWeights.get(p);
        float[] gradient = allGradients.get(p);
        float[] direction = new float[weights.length];
        double analytic = 0;
        double scale = 1e-3 * (rms(weights) + 1e-2);
        for (int i = 0; i < direction.length; i++) {
          direction[i] = (float) (scale * random.nextGaussian());
          analytic += gradient[i] * direction[i];
        }
        double numeric = (lossWith(session, graph, parameter, weights, direction, 1, images, truth)
            - lossWith(session, graph, parameter, weights, direction, -1, images, truth)) / 2;
        if (Math.abs(numeric - analytic) > 0.05 * Math.max(Math.abs(numeric), Math.abs(analytic)) + 2e-6) {
          mismatches.add(String.format("%s: analytic %.4g, numeric %.4g", parameter.name(), analytic, numeric));
        }
      }
    }
    assertThat(mismatches).isEmpty();
  }

  private static double lossWith(Session session, TrainingGraph graph, Parameter parameter, float[] weights,
                                 float[] direction, int sign, Tensor images, Tensor labels) {
    float[] moved = new float[weights.length];
    for (int i = 0; i < moved.length; i++) {
      moved[i] = weights[i] + sign * direction[i];
    }
    try (TFloat32 value = HostArrays.tensor(parameter.shape(), moved);
         var result = session.runner().feed(parameter.variable(), value).feed(graph.images(), images)
             .feed(graph.labels(), labels).fetch(graph.loss()).run()) {
      return ((TFloat32) result.get(0)).getFloat();
    }
  }

  private static double rms(float[] values) {
    double sum = 0;
    for (float v : values) {
      sum += v * v;
    }
    return Math.sqrt(sum / values.length);
  }
}
