package dev.segtpu.trainer.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The model's variables by name. Training and inference towers are built from the same store, so a
 * layer asks for its variables by name and gets the ones the first tower created.
 *
 * <p>Initial values come from stateless random ops seeded with (seed, creation index): the same seed
 * gives the same initial weights in every process, which exact-resume tests rely on.
 */
public final class ParameterStore {

  private final Ops tf;
  private final long seed;
  private final Map<String, Parameter> parameters = new LinkedHashMap<>();

  public ParameterStore(Ops tf, long seed) {
    this.tf = tf;
    this.seed = seed;
  }

  /** A convolution kernel, He-initialised (truncated normal, stddev sqrt(2 / fan-in)). */
  public Parameter kernel(String name, Shape shape, long fanIn) {
    return getOrCreate(name, shape, ParameterRole.KERNEL, () -> heNormal(shape, fanIn));
  }

  public Parameter constant(String name, Shape shape, ParameterRole role, float value) {
    return getOrCreate(name, shape, role, () -> tf.withInitScope().fill(tf.withInitScope().constant(shape), tf.withInitScope().constant(value)));
  }

  private Parameter getOrCreate(String name, Shape shape, ParameterRole role, java.util.function.Supplier<Operand<TFloat32>> init) {
    Parameter existing = parameters.get(name);
    if (existing != null) {
      if (!existing.shape().equals(shape) || existing.role() != role) {
        throw new IllegalStateException("parameter " + name + " requested as " + role + " " + shape
            + " but exists as " + existing.role() + " " + existing.shape());
      }
      return existing;
    }
    Parameter created = new Parameter(name, scoped(name).variable(init.get()), shape, role);
    parameters.put(name, created);
    return created;
  }

  /**
   * Op names may not contain '/', and sub-scopes cost a scan of the whole graph each (quadratic for
   * ResNet-101), so the variable op is named with '.' where the parameter name has '/'.
   */
  private Ops scoped(String name) {
    return tf.withName(name.replace('/', '.'));
  }

  private Operand<TFloat32> heNormal(Shape shape, long fanIn) {
    Ops init = tf.withInitScope();
    Operand<TFloat32> unit = init.random.statelessTruncatedNormal(
        init.constant(shape), init.constant(new long[] {seed, parameters.size()}));
    return init.math.mul(unit, init.constant((float) Math.sqrt(2.0 / fanIn)));
  }

  public Collection<Parameter> all() {
    return Collections.unmodifiableCollection(parameters.values());
  }

  public List<Parameter> trainable() {
    List<Parameter> result = new ArrayList<>();
    for (Parameter p : parameters.values()) {
      if (p.role().trainable()) {
        result.add(p);
      }
    }
    return result;
  }

  /** Number of trained scalars (what papers call "parameters"). */
  public long trainableCount() {
    return trainable().stream().mapToLong(Parameter::size).sum();
  }
}
