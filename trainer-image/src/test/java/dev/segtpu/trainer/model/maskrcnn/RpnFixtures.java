package dev.segtpu.trainer.model.maskrcnn;

import dev.segtpu.trainer.model.HostArrays;
import dev.segtpu.trainer.model.maskrcnn.targets.Anchors;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Inputs the RPN tests share: pyramids of random features. */
final class RpnFixtures {

  private RpnFixtures() {}

  /** P2..P6 of a square image as constants of standard-normal values, {@code channels} wide. */
  static NavigableMap<Integer, Operand<TFloat32>> pyramid(Ops tf, int batch, int imageSize, int channels) {
    Random random = new Random(11);
    NavigableMap<Integer, Operand<TFloat32>> pyramid = new TreeMap<>();
    for (int level = Anchors.MIN_LEVEL; level <= Anchors.MAX_LEVEL; level++) {
      int side = imageSize >> level;
      float[] values = new float[batch * side * side * channels];
      for (int k = 0; k < values.length; k++) {
        values[k] = (float) random.nextGaussian();
      }
      try (TFloat32 tensor = HostArrays.tensor(Shape.of(batch, side, side, channels), values)) {
        pyramid.put(level, tf.constant(tensor));
      }
    }
    return pyramid;
  }
}
