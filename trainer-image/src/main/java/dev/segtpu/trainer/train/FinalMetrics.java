package dev.segtpu.trainer.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * {@code final-metrics.json} in the checkpoint directory: the outcome of a completed run; {@code eval} is the
 * last evaluation's {@link Evaluation#summary()}.
 */
public record FinalMetrics(String model, long step, int attempt, float loss, double learningRate,
                           long trainableParameters, Map<String, Object> eval, String weightsSha256, String savedModel,
                           String time) {

  public static final String FILE = "final-metrics.json";

  public Path writeTo(Path checkpointDir) throws IOException {
    Path target = checkpointDir.resolve(FILE);
    Path temporary = checkpointDir.resolve(".tmp-" + FILE);
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(temporary.toFile(), this);
    Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return target;
  }
}
