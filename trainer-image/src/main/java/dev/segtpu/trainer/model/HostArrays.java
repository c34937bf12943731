package dev.segtpu.trainer.model;

import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** Copies between TensorFlow tensors and Java arrays (the host side of every feed and fetch). */
public final class HostArrays {

  private HostArrays() {}

  public static float[] floats(TFloat32 tensor) {
    float[] values = new float[Math.toIntExact(tensor.shape().size())];
    tensor.copyTo(DataBuffers.of(values, false, false));
    return values;
  }

  public static int[] ints(TInt32 tensor) {
    int[] values = new int[Math.toIntExact(tensor.shape().size())];
    tensor.copyTo(DataBuffers.of(values, false, false));
    return values;
  }

  public static TFloat32 tensor(Shape shape, float[] values) {
    return TFloat32.tensorOf(shape, DataBuffers.of(values, true, false));
  }

  public static TInt32 tensor(Shape shape, int[] values) {
    return TInt32.tensorOf(shape, DataBuffers.of(values, true, false));
  }
}
