package dev.segtpu.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.Conv2d;
import org.tensorflow.types.TFloat32;

/** Our forms of strided and atrous convolution must equal TensorFlow's strided, dilated forward pass. */
class AtrousConvolutionTest {

  /**
   * Both forms of a k×k convolution: patches times kernel (maxPatchBytes unlimited), Conv2D with
   * SpaceToBatchND (0). 1×1 is always a product, and so is a rate that reaches past the map (only
   * the centre tap reads the image).
   */
  @ParameterizedTest(name = "{0}x{1} input, {2}x{2} kernel, rate {3}, stride {4}, max patch bytes {5}")
  @CsvSource({"9,9,3,2,1,0", "8,11,3,3,1,0", "9,9,3,6,1,0", "13,10,3,4,1,0", "5,5,3,6,1,0", "4,4,3,18,1,0", "9,9,3,1,2,0",
      "9,9,3,2,1,-1", "8,11,3,3,1,-1", "9,9,3,6,1,-1", "5,5,3,6,1,-1", "4,4,3,18,1,-1", "9,9,3,1,1,-1", "9,9,3,1,2,-1",
      "8,10,3,1,2,-1", "7,6,3,1,3,-1", "9,9,1,1,2,-1", "6,5,1,1,1,-1"})
  void convolutionMatchesConv2dWithDilationAndStride(int height, int width, int kernel, int rate, int stride, long maxPatchBytes) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      ParameterStore store = new ParameterStore(tf, 7);
      Layers layers = new Layers(tf, store, Mode.TRAINING, 0.99f).withMaxPatchBytes(maxPatchBytes < 0 ? Long.MAX_VALUE : maxPatchBytes);
      Operand<TFloat32> x = tf.constant(randomTensor(Shape.of(2, height, width, 3), 1));
      Operand<TFloat32> ours = layers.conv("c", x, kernel, 4, stride, rate);
      List<String> types = new java.util.ArrayList<>();
      g.operations().forEachRemaining(op -> types.add(op.type()));
      Operand<TFloat32> reference = tf.nn.conv2d(x, store.all().iterator().next().variable(),
          List.of(1L, (long) stride, (long) stride, 1L), "SAME", Conv2d.dilations(List.of(1L, (long) rate, (long) rate, 1L)));
      assertThat(ours.shape()).isEqualTo(Shape.of(2, (height + stride - 1) / stride, (width + stride - 1) / stride, 4));
      boolean onlyCentreTap = rate >= height && rate >= width;
      assertThat(types.contains("SpaceToBatchND")).as("SpaceToBatchND built")
          .isEqualTo(rate > 1 && !onlyCentreTap && maxPatchBytes == 0);
      assertThat(types.contains("Conv2D")).as("Conv2D built (before the reference)").isEqualTo(kernel > 1 && !onlyCentreTap && maxPatchBytes == 0);
      assertClose(s, ours, reference);
    }
  }

  /**
   * TensorFlow's CPU depthwise kernel without oneDNN has no dilation, so the reference here is the
   * dilated kernel written out with zeros between the taps, applied with SAME padding.
   */
  @ParameterizedTest(name = "{0}x{1} input, rate {2}")
  @CsvSource({"9,9,2", "8,11,3", "7,7,3", "4,4,12", "4,6,6"})
  void spaceToBatchDepthwiseMatchesDepthwiseWithTheDilatedKernel(int height, int width, int rate) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      ParameterStore store = new ParameterStore(tf, 7);
      Layers layers = new Layers(tf, store, Mode.TRAINING, 0.99f);
      int channels = 5;
      Operand<TFloat32> x = tf.constant(randomTensor(Shape.of(2, height, width, channels), 2));
      Operand<TFloat32> ours = layers.depthwise("d", x, 3, 1, rate);
      float[] kernel = randomValues(3 * 3 * channels, 3);
      int dilated = 2 * rate + 1;
      float[] spread = new float[dilated * dilated * channels];
      for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 3; j++) {
          for (int c = 0; c < channels; c++) {
            spread[((i * rate) * dilated + j * rate) * channels + c] = kernel[(i * 3 + j) * channels + c];
          }
        }
      }
      Operand<TFloat32> reference = tf.nn.depthwiseConv2dNative(x,
          tf.constant(HostArrays.tensor(Shape.of(dilated, dilated, channels, 1), spread)), List.of(1L, 1L, 1L, 1L), "SAME");
      assertThat(ours.shape()).isEqualTo(Shape.of(2, height, width, channels));
      try (TFloat32 weights = HostArrays.tensor(Shape.of(3, 3, channels, 1), kernel);
           var result = s.runner().feed(store.all().iterator().next().variable(), weights).fetch(ours).fetch(reference).run()) {
        float[] a = read((TFloat32) result.get(0));
        float[] e = read((TFloat32) result.get(1));
        for (int i = 0; i < a.length; i++) {
          assertThat(a[i]).as("element %d", i).isCloseTo(e[i], within(1e-4f));
        }
      }
    }
  }

  private static void assertClose(Session s, Operand<TFloat32> actual, Operand<TFloat32> expected) {
    var result = s.runner().fetch(actual).fetch(expected).run();
    try (result) {
      float[] a = read((TFloat32) result.get(0));
      float[] e = read((TFloat32) result.get(1));
      assertThat(a).hasSameSizeAs(e);
      for (int i = 0; i < a.length; i++) {
        assertThat(a[i]).as("element %d", i).isCloseTo(e[i], within(1e-4f));
      }
    }
  }

  static float[] read(TFloat32 t) {
    return HostArrays.floats(t);
  }

  static org.tensorflow.ndarray.FloatNdArray randomTensor(Shape shape, long seed) {
    return org.tensorflow.ndarray.NdArrays.wrap(shape, DataBuffers.of(randomValues((int) shape.size(), seed), true, false));
  }

  static float[] randomValues(int count, long seed) {
    Random random = new Random(seed);
    float[] values = new float[count];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextGaussian();
    }
    return values;
  }
}
