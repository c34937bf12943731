package dev.segtpu.trainer.model.maskrcnn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.segtpu.trainer.model.HostArrays;
import dev.segtpu.trainer.model.maskrcnn.targets.Box;
import dev.segtpu.trainer.model.maskrcnn.targets.BoxCoder;
import dev.segtpu.trainer.model.maskrcnn.targets.BoxDelta;
import dev.segtpu.trainer.model.maskrcnn.targets.Boxes;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class GraphBoxCoderTest {

  /** Random boxes and deltas, some past SIZE_CLIP and some decoded past the image, for both coders' weights. */
  @Test
  void graphDecodingAndClippingEqualTheJavaCoder() {
    Random random = new Random(41);
    int count = 50;
    float[][] references = new float[count][];
    float[][] deltas = new float[count][];
    for (int n = 0; n < count; n++) {
      float ymin = 100 * random.nextFloat();
      float xmin = 100 * random.nextFloat();
      references[n] = new float[] {ymin, xmin, ymin + 40 * random.nextFloat(), xmin + 40 * random.nextFloat()};
      deltas[n] = new float[4];
      for (int k = 0; k < 4; k++) {
        deltas[n][k] = (float) (k >= 2 && n % 5 == 0 ? 30 : 3 * random.nextGaussian());
      }
    }
    for (BoxCoder coder : new BoxCoder[] {BoxCoder.RPN, BoxCoder.BOX_HEAD}) {
      try (Graph g = new Graph(); Session session = new Session(g)) {
        Ops tf = Ops.create(g);
        var decoded = new GraphBoxCoder(coder).decode(tf, tf.constant(deltas), tf.constant(references));
        var clipped = GraphBoxCoder.clip(tf, decoded, 96, 128);
        try (var result = session.runner().fetch(decoded).fetch(clipped).run()) {
          float[] actual = HostArrays.floats((TFloat32) result.get(0));
          float[] actualClipped = HostArrays.floats((TFloat32) result.get(1));
          for (int n = 0; n < count; n++) {
            float[] r = references[n];
            float[] d = deltas[n];
            Box box = coder.decode(new BoxDelta(d[0], d[1], d[2], d[3]), new Box(r[0], r[1], r[2], r[3]));
            assertNear(actual, n, box, 1e-5 * Math.max(1, Math.abs(box.ymax()) + Math.abs(box.xmax())));
            assertNear(actualClipped, n, Boxes.clip(box, 96, 128), 1e-3);
          }
        }
      }
    }
  }

  private static void assertNear(float[] boxes, int n, Box expected, double tolerance) {
    double[] want = {expected.ymin(), expected.xmin(), expected.ymax(), expected.xmax()};
    for (int k = 0; k < 4; k++) {
      assertThat((double) boxes[4 * n + k]).as("box %d coordinate %d", n, k).isCloseTo(want[k], within(tolerance));
    }
  }
}
