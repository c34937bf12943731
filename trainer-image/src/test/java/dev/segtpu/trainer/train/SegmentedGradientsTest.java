package dev.segtpu.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segtpu.trainer.NativeEnvironment;
import dev.segtpu.trainer.model.Activations;
import dev.segtpu.trainer.model.HostArrays;
import dev.segtpu.trainer.model.Layers;
import dev.segtpu.trainer.model.Mode;
import dev.segtpu.trainer.model.ParameterStore;
import dev.segtpu.trainer.model.RandomBatches;
import dev.segtpu.trainer.model.deeplab.BackboneKind;
import dev.segtpu.trainer.model.deeplab.DeepLabSpec;
import dev.segtpu.trainer.model.deeplab.DeepLabV3Plus;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The training graph's gradients, computed segment by segment with every segment recomputed, with
 * every other one recomputed (kept segments between recomputed ones, as SEGTPU_RECOMPUTE=auto may
 * choose), and (SEGTPU_RECOMPUTE=false) with the activations kept, against TensorFlow's gradients of
 * the same network built without segments (same seed, so same weights), with the published ReLU6/ReLU
 * activations, where DeepLabGradientCheckTest uses ELU.
 */
class SegmentedGradientsTest {

  private static final int BATCH = 2;
  private static final int SIZE = 33;
  private static final int CLASSES = 3;
  private static final long SEED = 5;

  @Test
  void segmentedGradientsEqualTensorFlowsGradientsOfTheWholeNetwork() {
    assertThat(NativeEnvironment.missingFrom(System.getenv())).as("run in the trainer image's environment (surefire sets it)").isEmpty();
    DeepLabSpec spec = new DeepLabSpec(BackboneKind.MOBILENETV2, CLASSES, 16, 0.25, 1, 8, 8, 4, 0.99f);
    Random random = new Random(3);
    float[] pixels = RandomBatches.pixels(random, BATCH * SIZE * SIZE * 3);
    int[] labels = RandomBatches.labels(random, BATCH * SIZE * SIZE, CLASSES);
    try (TFloat32 images = HostArrays.tensor(Shape.of(BATCH, SIZE, SIZE, 3), pixels);
         TInt32 truth = HostArrays.tensor(Shape.of(BATCH, SIZE, SIZE), labels)) {
      List<float[]> whole = wholeNetworkGradients(spec, images, truth);
      Set<Integer> everyOther = new TreeSet<>();
      for (int i = 0; i < 32; i += 2) {
        everyOther.add(i);
      }
      Segmented all = trainingGraphGradients(spec, Recomputation.ALL, images, truth);
      Segmented some = trainingGraphGradients(spec, Recomputation.of(everyOther), images, truth);
      // SEGTPU_RECOMPUTE=false: the same graph keeps its activations and takes TensorFlow's gradients in one scope.
      Segmented none = trainingGraphGradients(spec, Recomputation.NONE, images, truth);
      assertClose(all.gradients(), whole);
      assertClose(some.gradients(), whole);
      assertClose(none.gradients(), whole);
      assertThat(all.scopes()).as("gradient scopes: the head's and one per segment, kept or recomputed")
          .isGreaterThan(2).isEqualTo(some.scopes());
      assertThat(none.scopes()).isEqualTo(1);
      assertThat(all.batchNorms()).as("batch norms built again for recomputation")
          .isGreaterThan(some.batchNorms());
      assertThat(some.batchNorms()).isGreaterThan(none.batchNorms());
    }
  }

  /** One training graph's gradients, how many gradient scopes it has, and how many forward batch norms. */
  private record Segmented(List<float[]> gradients, long scopes, long batchNorms) {}

  private static Segmented trainingGraphGradients(DeepLabSpec spec, Recomputation recomputation, TFloat32 images, TInt32 truth) {
    try (TrainingGraph graph = new TrainingGraph(new DeepLabV3Plus(spec), TrainingShape.square(BATCH, SIZE),
        new MomentumSgd(0.9, 0), 0.99f, SEED, Activations.PUBLISHED, recomputation)) {
      Set<String> scopes = new HashSet<>();
      long batchNorms = 0;
      for (var ops = graph.graph().operations(); ops.hasNext(); ) {
        GraphOperation op = ops.next();
        if (op.name().startsWith("Gradients")) {
          scopes.add(op.name().split("/")[0]);
        } else if (op.type().equals("FusedBatchNormV3")) {
          batchNorms++;
        }
      }
      return new Segmented(run(graph.graph(), graph.images(), graph.labels(), graph.gradients(), images, truth),
          scopes.size(), batchNorms);
    }
  }

  private static List<float[]> wholeNetworkGradients(DeepLabSpec spec, TFloat32 images, TInt32 truth) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      ParameterStore store = new ParameterStore(tf, SEED);
      Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(BATCH, SIZE, SIZE, 3)));
      Placeholder<TInt32> y = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(BATCH, SIZE, SIZE)));
      DeepLabV3Plus model = new DeepLabV3Plus(spec);
      Layers layers = new Layers(tf, store, Mode.TRAINING, 0.99f, Activations.PUBLISHED);
      Operand<TFloat32> loss = model.loss(layers, model.logits(layers, x), y);
      List<Operand<?>> variables = new ArrayList<>();
      store.trainable().forEach(p -> variables.add(p.variable()));
      List<Operand<TFloat32>> gradients = new ArrayList<>();
      tf.gradients(loss, variables).forEach(d -> gradients.add(castFloat(d)));
      return run(g, x, y, gradients, images, truth);
    }
  }

  private static void assertClose(List<float[]> actualGradients, List<float[]> whole) {
    assertThat(actualGradients).hasSameSizeAs(whole);
    double largestOverall = 0;
    for (int p = 0; p < whole.size(); p++) {
      float[] expected = whole.get(p);
      float[] actual = actualGradients.get(p);
      double largest = 0;
      double worst = 0;
      for (int i = 0; i < expected.length; i++) {
        largest = Math.max(largest, Math.abs(expected[i]));
        worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
      }
      largestOverall = Math.max(largestOverall, largest);
      // Absolute slack for gradients that are zero up to rounding (~1e-7 here; typical ones are ~1e-2).
      assertThat(worst).as("gradient %d: largest difference against largest value %g", p, largest)
          .isLessThanOrEqualTo(1e-4 * largest + 1e-6);
    }
    assertThat(largestOverall).isGreaterThan(1e-3);
  }

  private static List<float[]> run(Graph graph, Placeholder<TFloat32> x, Placeholder<TInt32> y, List<Operand<TFloat32>> gradients,
                                   TFloat32 images, TInt32 truth) {
    List<float[]> values = new ArrayList<>();
    try (Session session = SessionSettings.open(graph)) {
      session.forceInitialize();
      var runner = session.runner().feed(x, images).feed(y, truth);
      gradients.forEach(runner::fetch);
      try (var result = runner.run()) {
        for (int i = 0; i < gradients.size(); i++) {
          values.add(HostArrays.floats((TFloat32) result.get(i)));
        }
      }
    }
    return values;
  }

  @SuppressWarnings("unchecked")
  private static Operand<TFloat32> castFloat(Operand<?> gradient) {
    return (Operand<TFloat32>) gradient;
  }
}
