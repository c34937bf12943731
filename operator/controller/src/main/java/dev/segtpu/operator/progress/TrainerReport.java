package dev.segtpu.operator.progress;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;

/**
 * The trainer's {@code GET /status} document, also its termination message as it exits
 * (docs/trainer-contract.md). Fields the trainer does not know yet are null.
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
    String device,
    String error) {

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Checkpoint(Long step, String time, Integer attempt, Double saveSeconds) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Eval(Long step, Double meanIoU, Double pixelAccuracy, List<Double> perClassIoU, Double boxAP, Double maskAP) {}

  private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /** The document in {@code json}; throws when it is not one (the caller says where it came from). */
  public static TrainerReport parse(byte[] json) throws java.io.IOException {
    return JSON.readValue(json, TrainerReport.class);
  }
}
