package dev.segtpu.trainer.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code final-metrics.json} in the checkpoint directory: the outcome of a completed run. Per-class IoU
 * of a class that never occurred is null (JSON has no NaN).
 */
public record FinalMetrics(String model, long step, int attempt, float loss, double learningRate,
                           long trainableParameters, EvaluationSummary eval, String weightsSha256, String savedModel,
                           String time) {

  public static final String FILE = "final-metrics.json";

  public record EvaluationSummary(long step, double meanIoU, double pixelAccuracy, List<Double> perClassIoU, long pixels) {

    public static EvaluationSummary of(Evaluation e) {
      List<Double> perClass = new ArrayList<>();
      for (double iou : e.perClassIoU()) {
        perClass.add(Double.isNaN(iou) ? null : iou);
      }
      return new EvaluationSummary(e.step(), e.meanIoU(), e.pixelAccuracy(), perClass, e.pixels());
    }
  }

  public Path writeTo(Path checkpointDir) throws IOException {
    Path target = checkpointDir.resolve(FILE);
    Path temporary = checkpointDir.resolve(".tmp-" + FILE);
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(temporary.toFile(), this);
    Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return target;
  }
}
