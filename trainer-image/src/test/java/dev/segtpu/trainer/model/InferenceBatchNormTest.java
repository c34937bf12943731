package dev.segtpu.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segtpu.trainer.NativeEnvironment;
import dev.segtpu.trainer.train.SessionSettings;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.types.TFloat32;

/**
 * Batch norm in inference mode is built as x·scale + shift (TensorFlow's FusedBatchNormV3 with
 * is_training=false was ~9× slower than the whole rest of an inference run): it must give what that op
 * gives, with trained (non-trivial) moving averages, scale and offset.
 */
class InferenceBatchNormTest {

  private static final int CHANNELS = 5;

  @Test
  void theAffineFormEqualsTensorFlowsInferenceBatchNorm() {
    assertThat(NativeEnvironment.missingFrom(System.getenv())).as("run in the trainer image's environment (surefire sets it)").isEmpty();
    Random random = new Random(7);
    Shape shape = Shape.of(2, 6, 6, CHANNELS);
    float[] pixels = RandomBatches.pixels(random, (int) shape.size());
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      ParameterStore parameters = new ParameterStore(tf, 1);
      Layers layers = new Layers(tf, parameters, Mode.INFERENCE, 0.99f);
      Operand<TFloat32> x = tf.constant(HostArrays.tensor(shape, pixels));
      Operand<TFloat32> ours = layers.batchNorm("bn", x);

      Operand<?>[] trained = new Operand<?>[4];
      String[] names = {"bn/gamma", "bn/beta", "bn/moving_mean", "bn/moving_variance"};
      for (Parameter p : parameters.all()) {
        for (int i = 0; i < names.length; i++) {
          if (p.name().equals(names[i])) {
            trained[i] = tf.assign(p.variable(), tf.constant(channelValues(random, i == 3)));
          }
        }
      }
      Operand<TFloat32> reference = tf.nn.fusedBatchNorm(x, variable(parameters, names[0]), variable(parameters, names[1]),
          variable(parameters, names[2]), variable(parameters, names[3]),
          FusedBatchNorm.isTraining(false), FusedBatchNorm.epsilon(BatchNormalization.EPSILON)).y();

      try (Session session = SessionSettings.open(g)) {
        session.forceInitialize();
        var assign = session.runner();
        for (Operand<?> op : trained) {
          assign.addTarget(op);
        }
        assign.run();
        try (var result = session.runner().fetch(ours).fetch(reference).run()) {
          float[] actual = HostArrays.floats((TFloat32) result.get(0));
          float[] expected = HostArrays.floats((TFloat32) result.get(1));
          double largest = 0;
          double worst = 0;
          for (int i = 0; i < expected.length; i++) {
            largest = Math.max(largest, Math.abs(expected[i]));
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
          }
          assertThat(largest).as("the trained statistics move the output well away from x").isGreaterThan(1.0);
          assertThat(worst).as("largest difference against largest value %g", largest).isLessThanOrEqualTo(1e-5 * largest);
        }
      }
    }
  }

  private static float[] channelValues(Random random, boolean positive) {
    float[] values = new float[CHANNELS];
    for (int c = 0; c < CHANNELS; c++) {
      values[c] = positive ? 0.1f + 3 * random.nextFloat() : 4 * random.nextFloat() - 2;
    }
    return values;
  }

  private static Operand<TFloat32> variable(ParameterStore parameters, String name) {
    return parameters.all().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow().variable();
  }
}
