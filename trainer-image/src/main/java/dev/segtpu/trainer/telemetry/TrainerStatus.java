package dev.segtpu.trainer.telemetry;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;

/**
 * The JSON served at {@code GET /status} (docs/trainer-contract.md). Fields not known yet are null and
 * left out of the JSON; {@code error} says why training failed, in the failed phase only.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainerStatus(
    String phase,
    int attempt,
    Long step,
    long totalSteps,
    Long epoch,
    Double loss,
    Double learningRate,
    Double imagesPerSecond,
    Double stepsPerSecond,
    Long restoredFromStep,
    LastCheckpoint lastCheckpoint,
    Evaluation eval,
    double productiveSeconds,
    Map<String, Double> badputSeconds,
    String device,
    String error) {

  /** The newest complete checkpoint; {@code saveSeconds} is null for one restored (written by an earlier process). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record LastCheckpoint(long step, String time, int attempt, Double saveSeconds) {}

  /** The newest evaluation on the eval split. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Evaluation(long step, double meanIoU, double pixelAccuracy, List<Double> perClassIoU) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The JSON document (UTF-8), as {@code GET /status} serves it and the termination message holds it. */
  byte[] toJson() throws JsonProcessingException {
    return JSON.writeValueAsBytes(this);
  }

  /** This status without the per-class IoU (a termination message has to fit in 4 KiB). */
  TrainerStatus withoutPerClassIoU() {
    Evaluation summary = eval == null ? null : new Evaluation(eval.step(), eval.meanIoU(), eval.pixelAccuracy(), null);
    return new TrainerStatus(phase, attempt, step, totalSteps, epoch, loss, learningRate, imagesPerSecond, stepsPerSecond,
        restoredFromStep, lastCheckpoint, summary, productiveSeconds, badputSeconds, device, error);
  }
}
