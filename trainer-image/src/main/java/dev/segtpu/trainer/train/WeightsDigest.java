package dev.segtpu.trainer.train;

import dev.segtpu.trainer.model.HostArrays;
import dev.segtpu.trainer.model.Parameter;
import dev.segtpu.trainer.model.ParameterStore;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.tensorflow.Session;
import org.tensorflow.types.TFloat32;

/** SHA-256 over model variables' exact bits, in creation order: equal digests mean equal weights. */
public final class WeightsDigest {

  private WeightsDigest() {}

  /** Every variable: weights, batch-norm moving statistics, the global step. */
  public static String of(Session session, ParameterStore parameters) {
    return of(session, List.copyOf(parameters.all()));
  }

  /**
   * The trainable weights: what data-parallel replicas must hold alike. Each replica keeps its own
   * batch-norm moving statistics (from its own batches), as the TPU reference models do.
   */
  public static String ofTrainable(Session session, ParameterStore parameters) {
    return of(session, parameters.trainable());
  }

  private static String of(Session session, List<Parameter> all) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    // One run for all variables: each distinct set of fetches makes TensorFlow prune and optimise the
    // graph again, which took ~14 s at the end of a MobileNetV2 job when each variable had its own run.
    Session.Runner runner = session.runner();
    all.forEach(p -> runner.fetch(p.variable()));
    try (var result = runner.run()) {
      for (int i = 0; i < all.size(); i++) {
        float[] values = HostArrays.floats((TFloat32) result.get(i));
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES);
        bytes.asFloatBuffer().put(values);
        sha.update(all.get(i).name().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        sha.update(bytes.array());
      }
    }
    return HexFormat.of().formatHex(sha.digest());
  }
}
