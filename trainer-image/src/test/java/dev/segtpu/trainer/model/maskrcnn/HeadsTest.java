package dev.segtpu.trainer.model.maskrcnn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.segtpu.trainer.model.HostArrays;
import dev.segtpu.trainer.model.Layers;
import dev.segtpu.trainer.model.Mode;
import dev.segtpu.trainer.model.Parameter;
import dev.segtpu.trainer.model.ParameterStore;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class HeadsTest {

  private static final int CLASSES = 5;

  @Test
  void theBoxHeadGivesClassLogitsAndFourDeltasPerClassForEachOfThreeRois() {
    try (Graph g = new Graph(); Session session = new Session(g)) {
      Ops tf = Ops.create(g);
      BoxHead.Outputs outputs = new BoxHead(CLASSES).build(layers(tf, new ParameterStore(tf, 1)),
          tf.constant(HostArrays.tensor(Shape.of(3, 7, 7, 256), random(3 * 7 * 7 * 256, 1))));
      try (var result = session.runner().fetch(outputs.classLogits()).fetch(outputs.boxDeltas()).run()) {
        assertThat(result.get(0).shape()).isEqualTo(Shape.of(3, CLASSES));
        assertThat(result.get(1).shape()).isEqualTo(Shape.of(3, 4 * CLASSES));
      }
    }
  }

  @Test
  void theMaskHeadTurnsTwo14x14CropsInto28x28LogitMapsPerClass() {
    try (Graph g = new Graph(); Session session = new Session(g)) {
      Ops tf = Ops.create(g);
      ParameterStore store = new ParameterStore(tf, 1);
      Operand<TFloat32> masks = new MaskHead(CLASSES).build(layers(tf, store), store,
          tf.constant(HostArrays.tensor(Shape.of(2, 14, 14, 256), random(2 * 14 * 14 * 256, 2))));
      try (var result = session.runner().fetch(masks).run()) {
        assertThat(result.get(0).shape()).isEqualTo(Shape.of(2, 28, 28, CLASSES));
      }
      assertThat(store.all()).extracting(Parameter::name).contains(
          "mask_head/mask-conv-l3/weights", "mask_head/conv5-mask/weights", "mask_head/conv5-mask/biases",
          "mask_head/mask_fcn_logits/biases");
    }
  }

  /** out(2i + a, 2j + b, o) = Σ_c x(i, j, c)·W(a, b, o, c) + bias(o), with W(a, b, o, c) the 1×1 kernel's [c, (2a + b)·out + o]. */
  @Test
  void theTransposedConvolutionEqualsTheDirect2x2Stride2SumWithABiasPerOutputChannel() {
    int rois = 2;
    int side = 3;
    int in = 4;
    int out = 3;
    float[] x = random(rois * side * side * in, 3);
    float[] kernel = random(in * 4 * out, 4);
    float[] bias = {0.5f, -1f, 2f};
    try (Graph g = new Graph(); Session session = new Session(g)) {
      Ops tf = Ops.create(g);
      ParameterStore store = new ParameterStore(tf, 1);
      Operand<TFloat32> y = TransposedConvolution2x2.build(layers(tf, store), store, "scope", "t",
          tf.constant(HostArrays.tensor(Shape.of(rois, side, side, in), x)), out);
      Parameter weights = store.all().stream().filter(p -> p.name().equals("t/weights")).findFirst().orElseThrow();
      Parameter biases = store.all().stream().filter(p -> p.name().equals("scope/t/biases")).findFirst().orElseThrow();
      try (TFloat32 w = HostArrays.tensor(weights.shape(), kernel); TFloat32 b = HostArrays.tensor(biases.shape(), bias);
           var result = session.runner().feed(weights.variable(), w).feed(biases.variable(), b).fetch(y).run()) {
        assertThat(result.get(0).shape()).isEqualTo(Shape.of(rois, 2 * side, 2 * side, out));
        float[] actual = HostArrays.floats((TFloat32) result.get(0));
        for (int r = 0; r < rois; r++) {
          for (int row = 0; row < 2 * side; row++) {
            for (int column = 0; column < 2 * side; column++) {
              for (int o = 0; o < out; o++) {
                double expected = bias[o];
                int i = row / 2;
                int j = column / 2;
                int group = 2 * (row % 2) + column % 2;
                for (int c = 0; c < in; c++) {
                  expected += x[((r * side + i) * side + j) * in + c] * kernel[c * 4 * out + group * out + o];
                }
                int at = ((r * 2 * side + row) * 2 * side + column) * out + o;
                assertThat(actual[at]).as("roi %d (%d, %d) channel %d", r, row, column, o)
                    .isCloseTo((float) expected, within(1e-5f));
              }
            }
          }
        }
      }
    }
  }

  private static Layers layers(Ops tf, ParameterStore store) {
    return new Layers(tf, store, Mode.TRAINING, 0.99f);
  }

  private static float[] random(int size, long seed) {
    Random random = new Random(seed);
    float[] values = new float[size];
    for (int k = 0; k < size; k++) {
      values[k] = (float) random.nextGaussian();
    }
    return values;
  }
}
