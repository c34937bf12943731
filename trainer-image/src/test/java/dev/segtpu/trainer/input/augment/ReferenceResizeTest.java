package dev.segtpu.trainer.input.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.segtpu.trainer.input.SegmentationExample;
import dev.segtpu.trainer.input.synthetic.SyntheticScenes;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.image.ResizeBilinear;
import org.tensorflow.op.image.ResizeNearestNeighbor;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;

/** Our rescaling against TensorFlow's resize_bilinear / resize_nearest_neighbor with align_corners=True. */
class ReferenceResizeTest {

  @Test
  void everyReferenceScaleMatchesTensorFlowsAlignedCornerResize() {
    SegmentationExample example = new SyntheticScenes(2, 21).render(0, 30, 40);
    for (float scale = TrainingAugmentation.MIN_SCALE; scale <= TrainingAugmentation.MAX_SCALE;
         scale += TrainingAugmentation.SCALE_STEP) {
      int height = (int) (30 * scale);
      int width = (int) (40 * scale);
      int size = Math.max(height, width);
      float[] images = new float[size * size * 3];
      int[] labels = new int[size * size];
      WindowSampler.sample(example, new CropWindow(height, width, 0, 0, false),
          new CropTarget(images, labels, 0, size));

      try (Graph graph = new Graph(); Session session = new Session(graph)) {
        Ops tf = Ops.create(graph);
        Operand<TUint8> rgb = tf.constant(Shape.of(1, 30, 40, 3), DataBuffers.of(example.rgb(), true, false));
        Operand<TUint8> classes = tf.constant(Shape.of(1, 30, 40, 1), DataBuffers.of(example.labels(), true, false));
        Operand<TFloat32> resized = tf.image.resizeBilinear(rgb, tf.constant(new int[] {height, width}),
            ResizeBilinear.alignCorners(true));
        Operand<TUint8> resizedLabels = tf.image.resizeNearestNeighbor(classes,
            tf.constant(new int[] {height, width}), ResizeNearestNeighbor.alignCorners(true));
        try (Result result = session.runner().fetch(resized).fetch(resizedLabels).run()) {
          TFloat32 tfImage = (TFloat32) result.get(0);
          TUint8 tfLabels = (TUint8) result.get(1);
          for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
              assertThat(labels[y * size + x]).as("label at (%d, %d), scale %s", y, x, scale)
                  .isEqualTo(tfLabels.getByte(0, y, x, 0) & 0xff);
              for (int c = 0; c < 3; c++) {
                assertThat(images[(y * size + x) * 3 + c]).as("pixel (%d, %d, %d), scale %s", y, x, c, scale)
                    .isCloseTo(tfImage.getFloat(0, y, x, c), within(1e-3f));
              }
            }
          }
        }
      }
    }
  }
}
