package dev.segtpu.operator.progress;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;

/**
 * The trainer's {@code GET /status} document (docs/trainer-contract.md). Fields the trainer does not
 * know yet are null.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TrainerReport(
    String phase,
    Integer attempt,
    Long step,
    Long totalSteps,
    Long epoch,
    Double loss,
    Double learningRate,
    Double imagesPerSecond,
    Double stepsPerSecond,
    Long restoredFromStep,
    Checkpoint lastCheckpoint,
    Eval eval,
    Double productiveSeconds,
    Map<String, Double> badputSeconds,
    String device) {

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Checkpoint(Long step, String time, Integer attempt, Double saveSeconds) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Eval(Long step, Double meanIoU, Double pixelAccuracy, List<Double> perClassIoU, Double boxAP, Double maskAP) {}
}
