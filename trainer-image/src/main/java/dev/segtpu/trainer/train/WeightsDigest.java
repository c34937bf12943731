package dev.segtpu.trainer.train;

import dev.segtpu.trainer.model.HostArrays;
import dev.segtpu.trainer.model.Parameter;
import dev.segtpu.trainer.model.ParameterStore;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.tensorflow.Session;
import org.tensorflow.types.TFloat32;

/** SHA-256 over every model variable's exact bits, in creation order: equal digests mean equal weights. */
public final class WeightsDigest {

  private WeightsDigest() {}

  public static String of(Session session, ParameterStore parameters) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    for (Parameter p : parameters.all()) {
      try (var result = session.runner().fetch(p.variable()).run()) {
        float[] values = HostArrays.floats((TFloat32) result.get(0));
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES);
        bytes.asFloatBuffer().put(values);
        sha.update(p.name().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        sha.update(bytes.array());
      }
    }
    return HexFormat.of().formatHex(sha.digest());
  }
}
