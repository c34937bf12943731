package dev.segtpu.trainer.model.maskrcnn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.segtpu.trainer.model.HostArrays;
import dev.segtpu.trainer.model.Layers;
import dev.segtpu.trainer.model.Mode;
import dev.segtpu.trainer.model.ParameterStore;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

class MultilevelRoiAlignTest {

  private static final int IMAGE = 512;
  private static final int CHANNELS = 2;
  /** (y1, x1, y2, x2) per image; √area 59, 200, 312 / 511, 51, 100: levels 2, 3, 4 / 5, 2, 2. */
  private static final float[][][] BOXES = {
      {{10, 20, 60, 90}, {100, 50, 300, 250}, {200, 200, 512, 512}},
      {{0, 0, 511, 511}, {5, 5, 37, 87}, {300, 100, 400, 200}}};
  private static final int[][] LEVELS = {{2, 3, 4}, {5, 2, 2}};

  @ParameterizedTest(name = "{0}x{1} box, levels {2}..{3}: level {4}")
  @CsvSource({"20,20,2,5,2", "111,111,2,5,2", "112,112,2,5,3", "223,223,2,5,3", "224,224,2,5,4", "447,447,2,5,4",
      "448,448,2,5,5", "895,895,2,6,5", "896,896,2,5,5", "896,896,2,6,6", "50,1000,2,5,3", "1000,1000,2,6,6",
      "20,20,3,5,3"})
  void aBoxGoesToFourPlusTheFloorOfLog2OfItsSquareRootAreaOver224ClippedToTheLevelsGiven(
      float height, float width, int lowest, int highest, int level) {
    try (Graph g = new Graph(); Session session = new Session(g)) {
      Ops tf = Ops.create(g);
      NavigableMap<Integer, Operand<TFloat32>> features = new TreeMap<>();
      for (int k = lowest; k <= highest; k++) {
        features.put(k, tf.zeros(tf.constant(new int[] {1, 2, 2, 1}), TFloat32.class));
      }
      Operand<TInt32> levels = new MultilevelRoiAlign(tf, features).levels(tf.constant(new float[][] {{7, 3, 7 + height, 3 + width}}));
      try (TInt32 value = (TInt32) session.runner().fetch(levels).run().get(0)) {
        assertThat(value.getInt(0)).isEqualTo(level);
      }
    }
  }

  /**
   * Bilinear sampling of a linear ramp is exact, so each crop must equal the ramp at the reference's grid
   * points y1/2^k + (i + ½)·h/(2^k·n), clamped to the level's last row and column (the third box of the first
   * image reaches past them). Every level's ramp has its own offset, so a crop from the wrong level shows.
   */
  @ParameterizedTest(name = "{0}x{0} crops")
  @CsvSource({"7", "14", "1"})
  void cropsOfALinearRampAreTheRampAtTheReferenceGridPointsOfTheAssignedLevel(int size) {
    try (Graph g = new Graph(); Session session = new Session(g)) {
      Ops tf = Ops.create(g);
      NavigableMap<Integer, Operand<TFloat32>> features = new TreeMap<>();
      for (int level = 2; level <= 5; level++) {
        features.put(level, tf.constant(ramps(level)));
      }
      Operand<TFloat32> crops = new MultilevelRoiAlign(tf, features).crop(tf.constant(BOXES), size);
      try (TFloat32 value = (TFloat32) session.runner().fetch(crops).run().get(0)) {
        assertThat(value.shape()).isEqualTo(Shape.of(6, size, size, CHANNELS));
        for (int b = 0; b < 2; b++) {
          for (int r = 0; r < 3; r++) {
            float[] box = BOXES[b][r];
            int level = LEVELS[b][r];
            double last = (IMAGE >> level) - 1;
            double stride = 1 << level;
            for (int i = 0; i < size; i++) {
              for (int j = 0; j < size; j++) {
                double y = Math.min(last, box[0] / stride + (i + 0.5) * (box[2] - box[0]) / (stride * size));
                double x = Math.min(last, box[1] / stride + (j + 0.5) * (box[3] - box[1]) / (stride * size));
                for (int c = 0; c < CHANNELS; c++) {
                  assertThat(value.getFloat(b * 3 + r, i, j, c)).as("image %d box %d sample %d,%d channel %d", b, r, i, j, c)
                      .isCloseTo((float) ramp(b, level, y, x, c), within(2e-3f));
                }
              }
            }
          }
        }
      }
    }
  }

  @Test
  void theFeaturePyramidOfASixtyFourPixelImageGivesOneCropPerBoxWith256Channels() {
    try (Graph g = new Graph(); Session session = new Session(g)) {
      Ops tf = Ops.create(g);
      NavigableMap<Integer, Operand<TFloat32>> backbone = new TreeMap<>();
      for (int level = 2; level <= 5; level++) {
        backbone.put(level, tf.ones(tf.constant(new int[] {2, 64 >> level, 64 >> level, 8}), TFloat32.class));
      }
      NavigableMap<Integer, Operand<TFloat32>> pyramid =
          new FeaturePyramid().build(new Layers(tf, new ParameterStore(tf, 1), Mode.TRAINING, 0.99f), backbone);
      MultilevelRoiAlign align = new MultilevelRoiAlign(tf, pyramid);
      Operand<TFloat32> boxes = tf.constant(new float[][][] {{{0, 0, 63, 63}, {8, 8, 24, 40}}, {{1, 2, 3, 4}, {32, 0, 64, 64}}});
      for (int size : new int[] {MultilevelRoiAlign.BOX_HEAD_SIZE, MultilevelRoiAlign.MASK_HEAD_SIZE}) {
        try (TFloat32 value = (TFloat32) session.runner().fetch(align.crop(boxes, size)).run().get(0)) {
          assertThat(value.shape()).isEqualTo(Shape.of(4, size, size, FeaturePyramid.FILTERS));
        }
      }
    }
  }

  /** Level k of a 512² image for both images: [2, 512/2^k, 512/2^k, 2] holding {@link #ramp}. */
  private static TFloat32 ramps(int level) {
    int side = IMAGE >> level;
    float[] values = new float[2 * side * side * CHANNELS];
    int k = 0;
    for (int b = 0; b < 2; b++) {
      for (int y = 0; y < side; y++) {
        for (int x = 0; x < side; x++) {
          for (int c = 0; c < CHANNELS; c++) {
            values[k++] = (float) ramp(b, level, y, x, c);
          }
        }
      }
    }
    return HostArrays.tensor(Shape.of(2, side, side, CHANNELS), values);
  }

  private static double ramp(int image, int level, double y, double x, int channel) {
    return 1000 * level + 300 * image + 0.5 * y + (channel == 0 ? 0.25 : -0.75) * x;
  }

  /**
   * Exact resume needs bit-identical steps: the gradient reaching the features must not depend on how the
   * kernels' threads happened to interleave, with many boxes landing on the same feature pixels.
   */
  @Test
  void theGradientReachingTheFeaturesIsTheSameBitForBitOnEveryRun() {
    float[] first = null;
    for (int run = 0; run < 3; run++) {
      try (Graph g = new Graph(); Session session = new Session(g)) {
        Ops tf = Ops.create(g);
        java.util.Random random = new java.util.Random(3);
        NavigableMap<Integer, Operand<TFloat32>> features = new TreeMap<>();
        java.util.List<Operand<?>> inputs = new java.util.ArrayList<>();
        for (int level = 2; level <= 5; level++) {
          int side = 256 >> level;
          float[] values = new float[2 * side * side * 16];
          for (int k = 0; k < values.length; k++) {
            values[k] = random.nextFloat();
          }
          Operand<TFloat32> map = tf.constant(HostArrays.tensor(Shape.of(2, side, side, 16), values));
          features.put(level, map);
          inputs.add(map);
        }
        float[][][] boxes = new float[2][300][];
        for (float[][] image : boxes) {
          for (int b = 0; b < image.length; b++) {
            float y = 200 * random.nextFloat();
            float x = 200 * random.nextFloat();
            image[b] = new float[] {y, x, y + 2 + 54 * random.nextFloat(), x + 2 + 54 * random.nextFloat()};
          }
        }
        Operand<TFloat32> crops = new MultilevelRoiAlign(tf, features).crop(tf.constant(boxes), 7);
        float[] weights = new float[600 * 7 * 7 * 16];
        for (int k = 0; k < weights.length; k++) {
          weights[k] = random.nextFloat() - 0.5f;
        }
        Operand<TFloat32> loss = tf.sum(tf.math.mul(crops, tf.constant(HostArrays.tensor(Shape.of(600, 7, 7, 16), weights))),
            tf.constant(new int[] {0, 1, 2, 3}));
        Operand<?> gradient = tf.gradients(loss, inputs).dy().get(0);
        try (TFloat32 value = (TFloat32) session.runner().fetch(gradient).run().get(0)) {
          float[] values = HostArrays.floats(value);
          if (first == null) {
            first = values;
          } else {
            assertThat(values).as("run %d", run).containsExactly(first);
          }
        }
      }
    }
  }
}
