package dev.segtpu.trainer.model;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * The forward FLOPs (2 per multiply-add) of a tower's convolutions, counted from the static layer
 * shapes as the layers are built: the benchmark's GFLOP/s and roofline share, and the recomputation
 * policy's cost of building a segment again, need them without running anything.
 */
final class FlopCount {

  private long total;

  /** flopsPerOutput: 2 × multiply-adds per output element. Unknown batch (inference towers): not counted. */
  void add(Operand<TFloat32> y, long flopsPerOutput) {
    Shape s = y.shape();
    if (!s.hasUnknownDimension()) {
      total += s.size() * flopsPerOutput;
    }
  }

  long total() {
    return total;
  }
}
