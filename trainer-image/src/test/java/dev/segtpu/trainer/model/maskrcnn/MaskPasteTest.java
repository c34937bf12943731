package dev.segtpu.trainer.model.maskrcnn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segtpu.trainer.model.HostArrays;
import dev.segtpu.trainer.model.maskrcnn.targets.Box;
import dev.segtpu.trainer.model.maskrcnn.targets.MaskTargets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class MaskPasteTest {

  private static final int HEIGHT = 48;
  private static final int WIDTH = 64;
  private static final int CELLS = MaskTargets.RESOLUTION;

  /**
   * Fractional non-square boxes, boxes touching the image's top-left and bottom-right borders, and one reaching
   * past the top: every pixel must match the per-pixel definition of {@link MaskTargets}' convention.
   */
  @Test
  void pastedMasksEqualThePerPixelBilinearSampleOfTheMaskCells() {
    Box[] boxes = {
        new Box(10.3, 5.7, 40.2, 30.9),
        new Box(0, 0, 20, 63),
        new Box(30.5, 50.25, 47, 63),
        new Box(-5, 20, 10, 35),
        new Box(4, 4, 9, 9)};
    Random random = new Random(31);
    float[] masks = new float[boxes.length * CELLS * CELLS];
    for (int k = 0; k < masks.length; k++) {
      masks[k] = random.nextFloat();
    }
    float[][] corners = new float[boxes.length][];
    for (int d = 0; d < boxes.length; d++) {
      Box b = boxes[d];
      corners[d] = new float[] {(float) b.ymin(), (float) b.xmin(), (float) b.ymax(), (float) b.xmax()};
    }
    try (Graph g = new Graph(); Session session = new Session(g);
        TFloat32 maskTensor = HostArrays.tensor(Shape.of(boxes.length, CELLS, CELLS), masks)) {
      Ops tf = Ops.create(g);
      var pasted = MaskPaste.build(tf, tf.constant(maskTensor), tf.constant(corners), HEIGHT, WIDTH);
      try (TFloat32 value = (TFloat32) session.runner().fetch(pasted).run().get(0)) {
        assertThat(value.shape()).isEqualTo(Shape.of(boxes.length, HEIGHT, WIDTH));
        for (int d = 0; d < boxes.length; d++) {
          double worst = 0;
          int inside = 0;
          for (int r = 0; r < HEIGHT; r++) {
            for (int c = 0; c < WIDTH; c++) {
              double expected = paste(masks, d, boxes[d], r, c);
              worst = Math.max(worst, Math.abs(value.getFloat(d, r, c) - expected));
              inside += expected != 0 ? 1 : 0;
            }
          }
          assertThat(worst).as("largest difference in box %d", d).isLessThanOrEqualTo(1e-5);
          assertThat(inside).as("pixels inside box %d", d).isPositive();
        }
      }
    }
  }

  /** The definition, pixel by pixel. */
  private static double paste(float[] masks, int d, Box box, int r, int c) {
    if (r < box.ymin() || r > box.ymax() || c < box.xmin() || c > box.xmax()) {
      return 0;
    }
    double u = clamp((r - box.ymin()) * CELLS / box.height() - 0.5);
    double v = clamp((c - box.xmin()) * CELLS / box.width() - 0.5);
    int i = (int) Math.floor(u);
    int j = (int) Math.floor(v);
    int below = Math.min(i + 1, CELLS - 1);
    int after = Math.min(j + 1, CELLS - 1);
    double down = u - i;
    double right = v - j;
    return (1 - down) * ((1 - right) * cell(masks, d, i, j) + right * cell(masks, d, i, after))
        + down * ((1 - right) * cell(masks, d, below, j) + right * cell(masks, d, below, after));
  }

  private static double clamp(double cell) {
    return Math.max(0, Math.min(CELLS - 1, cell));
  }

  private static double cell(float[] masks, int d, int i, int j) {
    return masks[(d * CELLS + i) * CELLS + j];
  }
}
