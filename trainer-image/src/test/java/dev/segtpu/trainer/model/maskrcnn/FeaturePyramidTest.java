package dev.segtpu.trainer.model.maskrcnn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.segtpu.trainer.model.HostArrays;
import dev.segtpu.trainer.model.Layers;
import dev.segtpu.trainer.model.Mode;
import dev.segtpu.trainer.model.Parameter;
import dev.segtpu.trainer.model.ParameterRole;
import dev.segtpu.trainer.model.ParameterStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class FeaturePyramidTest {

  private static final int BATCH = 2;
  private static final int CHANNELS = 3;
  private static final float LATERAL_BIAS = 1;
  private static final float OUTPUT_BIAS = 2;

  @Test
  void aSixtyFourPixelImageGivesLevelsTwoToSixOfSixteenToOnePixelsWith256Channels() {
    try (Graph g = new Graph(); Session session = new Session(g)) {
      Ops tf = Ops.create(g);
      NavigableMap<Integer, Operand<TFloat32>> pyramid = pyramid(tf, backbone(new Random(1)));
      assertThat(pyramid.keySet()).containsExactly(2, 3, 4, 5, 6);
      pyramid.forEach((level, p) -> {
        long side = 64 >> level;
        try (TFloat32 value = (TFloat32) session.runner().fetch(p).run().get(0)) {
          assertThat(value.shape()).isEqualTo(Shape.of(BATCH, side, side, FeaturePyramid.FILTERS));
        }
      });
    }
  }

  /**
   * With every kernel weight 1, each lateral is the channel sum of C_k plus its bias in all 256 channels, and
   * each output the 3×3 neighbourhood sum (zero padded) of lateral + upsampled coarser level, times 256 input
   * channels, plus its bias; P6 is every other pixel of P5.
   */
  @Test
  void withKernelsOfOnesEachLevelIsTheNeighbourhoodSumOfItsLateralPlusTheUpsampledLevelAbove() {
    double[][][][][] backbone = backbone(new Random(2));
    try (Graph g = new Graph(); Session session = new Session(g)) {
      Ops tf = Ops.create(g);
      ParameterStore store = new ParameterStore(tf, 1);
      NavigableMap<Integer, Operand<TFloat32>> pyramid = new FeaturePyramid()
          .build(new Layers(tf, store, Mode.TRAINING, 0.99f), constants(tf, backbone));
      Session.Runner runner = session.runner();
      List<Tensor> fed = new ArrayList<>();
      for (Parameter p : store.trainable()) {
        float value = p.role() == ParameterRole.KERNEL ? 1 : p.name().contains("post_hoc") ? OUTPUT_BIAS : LATERAL_BIAS;
        float[] values = new float[(int) p.size()];
        Arrays.fill(values, value);
        TFloat32 tensor = HostArrays.tensor(p.shape(), values);
        fed.add(tensor);
        runner.feed(p.variable(), tensor);
      }
      pyramid.values().forEach(runner::fetch);
      double[][][][] expected = expectedPyramid(backbone);
      try (var result = runner.run()) {
        for (int level = 2; level <= 6; level++) {
          float[] actual = HostArrays.floats((TFloat32) result.get(level - 2));
          double[][][] want = expected[level - 2];
          int side = want[0].length;
          for (int k = 0; k < actual.length; k++) {
            int c = k % FeaturePyramid.FILTERS;
            int pixel = k / FeaturePyramid.FILTERS;
            double value = want[pixel / (side * side)][pixel / side % side][pixel % side];
            assertThat(actual[k]).as("P%d pixel %d channel %d", level, pixel, c).isCloseTo((float) value, within((float) (1e-5 * value + 1e-3)));
          }
        }
      } finally {
        fed.forEach(Tensor::close);
      }
    }
  }

  /** C2..C5 of a 64² image: [b][y][x][c] per level 2..5, sides 16 to 2, random in [0, 1). */
  private static double[][][][][] backbone(Random random) {
    double[][][][][] levels = new double[4][][][][];
    for (int level = 2; level <= 5; level++) {
      int side = 64 >> level;
      levels[level - 2] = new double[BATCH][side][side][CHANNELS];
      for (double[][][] image : levels[level - 2]) {
        for (double[][] row : image) {
          for (double[] pixel : row) {
            for (int c = 0; c < CHANNELS; c++) {
              pixel[c] = random.nextDouble();
            }
          }
        }
      }
    }
    return levels;
  }

  private static NavigableMap<Integer, Operand<TFloat32>> pyramid(Ops tf, double[][][][][] backbone) {
    return new FeaturePyramid().build(new Layers(tf, new ParameterStore(tf, 1), Mode.TRAINING, 0.99f), constants(tf, backbone));
  }

  private static NavigableMap<Integer, Operand<TFloat32>> constants(Ops tf, double[][][][][] backbone) {
    NavigableMap<Integer, Operand<TFloat32>> map = new TreeMap<>();
    for (int level = 2; level <= 5; level++) {
      double[][][][] c = backbone[level - 2];
      int side = c[0].length;
      float[] values = new float[BATCH * side * side * CHANNELS];
      int k = 0;
      for (double[][][] image : c) {
        for (double[][] row : image) {
          for (double[] pixel : row) {
            for (double v : pixel) {
              values[k++] = (float) v;
            }
          }
        }
      }
      map.put(level, tf.constant(HostArrays.tensor(Shape.of(BATCH, side, side, CHANNELS), values)));
    }
    return map;
  }

  /** The pyramid with kernels of ones, per level 2..6: [b][y][x], the same in every channel. */
  private static double[][][][] expectedPyramid(double[][][][][] backbone) {
    double[][][][] p = new double[5][][][];
    double[][][] above = null;
    for (int level = 5; level >= 2; level--) {
      double[][][][] c = backbone[level - 2];
      int side = c[0].length;
      double[][][] merged = new double[BATCH][side][side];
      for (int b = 0; b < BATCH; b++) {
        for (int y = 0; y < side; y++) {
          for (int x = 0; x < side; x++) {
            merged[b][y][x] = Arrays.stream(c[b][y][x]).sum() + LATERAL_BIAS
                + (above == null ? 0 : above[b][y / 2][x / 2]);
          }
        }
      }
      above = merged;
      p[level - 2] = neighbourhoodSums(merged);
    }
    double[][][] p5 = p[3];
    p[4] = new double[BATCH][1][1];
    for (int b = 0; b < BATCH; b++) {
      p[4][b][0][0] = p5[b][0][0];
    }
    return p;
  }

  /** 256 × the 3×3 sum around each pixel (outside is zero) + the output bias. */
  private static double[][][] neighbourhoodSums(double[][][] merged) {
    int side = merged[0].length;
    double[][][] out = new double[BATCH][side][side];
    for (int b = 0; b < BATCH; b++) {
      for (int y = 0; y < side; y++) {
        for (int x = 0; x < side; x++) {
          double sum = 0;
          for (int yy = Math.max(0, y - 1); yy <= Math.min(side - 1, y + 1); yy++) {
            for (int xx = Math.max(0, x - 1); xx <= Math.min(side - 1, x + 1); xx++) {
              sum += merged[b][yy][xx];
            }
          }
          out[b][y][x] = FeaturePyramid.FILTERS * sum + OUTPUT_BIAS;
        }
      }
    }
    return out;
  }
}
