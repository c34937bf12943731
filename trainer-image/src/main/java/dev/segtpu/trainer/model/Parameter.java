package dev.segtpu.trainer.model;

import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/** One model variable with its graph name, static shape and role. */
public record Parameter(String name, Variable<TFloat32> variable, Shape shape, ParameterRole role) {

  public long size() {
    return shape.size();
  }
}
