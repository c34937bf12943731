package dev.segtpu.trainer.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The central-difference check of {@link LayerGradientCheckTest} for any scalar loss, so that graphs with
 * their own losses (the RPN's) are held to the same rule: per trainable variable, a random step of standard
 * deviation 1e-3, and the directional derivative TensorFlow's gradient predicts must be within 3 % + 3e-7 of
 * {@code (loss(w + step) - loss(w - step)) / 2}.
 */
public final class CentralDifferences {

  private CentralDifferences() {}

  /** A line per variable whose gradient disagrees; empty when all agree. */
  public static List<String> mismatches(Ops tf, Session session, ParameterStore store, Operand<TFloat32> loss) {
    List<Parameter> parameters = store.trainable();
    List<Operand<?>> variables = new ArrayList<>();
    parameters.forEach(p -> variables.add(p.variable()));
    List<Operand<?>> gradients = new ArrayList<>();
    tf.gradients(loss, variables).forEach(gradients::add);
    Random random = new Random(1);
    List<String> mismatches = new ArrayList<>();
    for (int i = 0; i < parameters.size(); i++) {
      Parameter parameter = parameters.get(i);
      float[][] fetched = fetch(session, parameter.variable(), gradients.get(i));
      float[] step = new float[fetched[0].length];
      double predicted = 0;
      for (int k = 0; k < step.length; k++) {
        step[k] = (float) (1e-3 * random.nextGaussian());
        predicted += step[k] * fetched[1][k];
      }
      double measured = (moved(session, loss, parameter, fetched[0], step, 1) - moved(session, loss, parameter, fetched[0], step, -1)) / 2;
      if (Math.abs(measured - predicted) > 0.03 * Math.abs(measured) + 3e-7) {
        mismatches.add(String.format("%s: analytic %.5g, numeric %.5g", parameter.name(), predicted, measured));
      }
    }
    return mismatches;
  }

  private static float[][] fetch(Session session, Operand<?> first, Operand<?> second) {
    try (var result = session.runner().fetch(first).fetch(second).run()) {
      return new float[][] {HostArrays.floats((TFloat32) result.get(0)), HostArrays.floats((TFloat32) result.get(1))};
    }
  }

  private static double moved(Session session, Operand<TFloat32> loss, Parameter parameter, float[] weights, float[] step, int sign) {
    float[] moved = new float[weights.length];
    for (int k = 0; k < moved.length; k++) {
      moved[k] = weights[k] + sign * step[k];
    }
    try (TFloat32 value = HostArrays.tensor(parameter.shape(), moved);
         var result = session.runner().feed(parameter.variable(), value).fetch(loss).run()) {
      return ((TFloat32) result.get(0)).getFloat();
    }
  }
}
