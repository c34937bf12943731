package dev.segtpu.trainer.model;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** What all the scoped {@link Layers} views of one tower share. */
final class Tower {

  final FlopCount flops = new FlopCount();
  final BatchNormUpdates batchNormUpdates = new BatchNormUpdates();
  /** Null unless the tower is cut into segments ({@link Layers#withSegments}). */
  Segments segments;
  /** Largest patch matrix a k×k convolution may build ({@link PatchConvolution}). */
  long maxPatchBytes = PatchConvolution.DEFAULT_MAX_BYTES;
  private Operand<TFloat32> noStatistics;

  /** The training batch norms' empty statistics, made once per tower ({@link BatchNormalization#noStatistics}). */
  Operand<TFloat32> noStatistics(Ops tf) {
    if (noStatistics == null) {
      noStatistics = BatchNormalization.noStatistics(tf);
    }
    return noStatistics;
  }

  /** A fresh tower with the same settings and no segments: for building a segment again. */
  Tower sameSettings() {
    Tower tower = new Tower();
    tower.maxPatchBytes = maxPatchBytes;
    return tower;
  }
}
