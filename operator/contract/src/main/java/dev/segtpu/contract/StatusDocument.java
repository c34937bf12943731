package dev.segtpu.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The trainer's {@code GET /status} document, also its termination message as it exits
 * (docs/trainer-contract.md): the trainer writes it, the operator reads it. Fields not known yet are
 * null and left out of the JSON; {@code error} says why training failed, in the {@code failed} phase only.
 *
 * <p>Readers ignore fields they do not know, so a newer trainer can add fields; the contract test
 * checks that everything this trainer writes is a field of this record.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StatusDocument(
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
    String error,
    BestCheckpoint bestCheckpoint,
    Boolean earlyStopped) {

  /** A document without the best checkpoint and early stop (trainers that keep no best checkpoint). */
  public StatusDocument(String phase, Integer attempt, Long step, Long totalSteps, Long epoch, Double loss, Double learningRate,
                        Double imagesPerSecond, Double stepsPerSecond, Long restoredFromStep, Checkpoint lastCheckpoint,
                        Eval eval, Double productiveSeconds, Map<String, Double> badputSeconds, String device, String error) {
    this(phase, attempt, step, totalSteps, epoch, loss, learningRate, imagesPerSecond, stepsPerSecond, restoredFromStep,
        lastCheckpoint, eval, productiveSeconds, badputSeconds, device, error, null, null);
  }

  /** The values of {@code phase}, in the order of {@link #PHASES}. */
  public static final String PHASE_INITIALIZING = "initializing";
  public static final String PHASE_RESTORING = "restoring";
  /** The only phase in which a step is expected: the operator's hang detection watches the step in it alone. */
  public static final String PHASE_TRAINING = "training";
  public static final String PHASE_CHECKPOINTING = "checkpointing";
  public static final String PHASE_EVALUATING = "evaluating";
  public static final String PHASE_EXPORTING = "exporting";
  public static final String PHASE_DONE = "done";
  /** The only phase with an {@code error}. */
  public static final String PHASE_FAILED = "failed";

  /** The phases a trainer reports, in the order a run goes through them. */
  public static final List<String> PHASES = List.of(PHASE_INITIALIZING, PHASE_RESTORING, PHASE_TRAINING, PHASE_CHECKPOINTING,
      PHASE_EVALUATING, PHASE_EXPORTING, PHASE_DONE, PHASE_FAILED);

  /**
   * The newest committed checkpoint; {@code saveSeconds} is null for one restored (written by an earlier
   * process).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Checkpoint(Long step, String time, Integer attempt, Double saveSeconds) {}

  /**
   * The newest evaluation: mIoU for DeepLab; for Mask R-CNN, COCO's box and mask AP (averaged over IoU
   * thresholds 0.50:0.95) and the box AP at IoU 0.50 and 0.75.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Eval(Long step, Double meanIoU, Double pixelAccuracy, List<Double> perClassIoU, Double boxAP, Double maskAP,
                     Double boxAP50, Double boxAP75) {

    /** A DeepLab evaluation, which has no average precision. */
    public static Eval deepLab(Long step, Double meanIoU, Double pixelAccuracy, List<Double> perClassIoU) {
      return new Eval(step, meanIoU, pixelAccuracy, perClassIoU, null, null, null, null);
    }
  }

  /**
   * The committed checkpoint with the best evaluation so far, which keep-N never deletes and the export uses.
   *
   * @param metric the evaluation field compared ({@link #METRICS}), higher is better
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record BestCheckpoint(Long step, Integer attempt, String metric, Double value) {}

  /** The evaluation fields ({@link Eval}'s) a best checkpoint and early stopping can follow; higher is better. */
  public static final String MEAN_IOU = "meanIoU";
  public static final String PIXEL_ACCURACY = "pixelAccuracy";
  public static final String MASK_AP = "maskAP";
  public static final String BOX_AP = "boxAP";

  /** The metrics of DeepLab, which this project's trainer trains: the ones it can follow. */
  public static final List<String> METRICS = List.of(MEAN_IOU, PIXEL_ACCURACY);
  /** The metrics of Mask R-CNN, which the API accepts for a trainer image that trains it. */
  public static final List<String> MASK_RCNN_METRICS = List.of(MASK_AP, BOX_AP);

  /**
   * Any metric of {@link #METRICS} and {@link #MASK_RCNN_METRICS}, as a pattern: an annotation (the CRD's
   * {@code @Pattern}) takes a compile-time constant, not a list. {@code StatusDocumentTest} keeps it equal to the lists.
   */
  public static final String METRIC_PATTERN = "^(" + MEAN_IOU + "|" + PIXEL_ACCURACY + "|" + MASK_AP + "|" + BOX_AP + ")$";

  private static final ObjectMapper WRITER = new ObjectMapper();
  private static final ObjectMapper READER = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /** The document in {@code json}; throws when it is not one (the caller says where it came from). */
  public static StatusDocument parse(byte[] json) throws IOException {
    return READER.readValue(json, StatusDocument.class);
  }

  /** The JSON document (UTF-8), as {@code GET /status} serves it and the termination message holds it. */
  public byte[] toJson() throws JsonProcessingException {
    return WRITER.writeValueAsBytes(this);
  }

  /**
   * The termination message a trainer writes as it exits: this document within
   * {@link TrainerContract#TERMINATION_MESSAGE_LIMIT_BYTES} (without the per-class IoU if need be); empty
   * when even that does not fit.
   */
  public byte[] toTerminationMessage() throws JsonProcessingException {
    byte[] full = toJson();
    if (full.length <= TrainerContract.TERMINATION_MESSAGE_LIMIT_BYTES) {
      return full;
    }
    byte[] summary = withoutPerClassIoU().toJson();
    return summary.length <= TrainerContract.TERMINATION_MESSAGE_LIMIT_BYTES ? summary : new byte[0];
  }

  /** This document without the per-class IoU (a termination message has to fit in 4 KiB). */
  public StatusDocument withoutPerClassIoU() {
    Eval summary = eval == null ? null
        : new Eval(eval.step(), eval.meanIoU(), eval.pixelAccuracy(), null, eval.boxAP(), eval.maskAP(), eval.boxAP50(),
            eval.boxAP75());
    return new StatusDocument(phase, attempt, step, totalSteps, epoch, loss, learningRate, imagesPerSecond, stepsPerSecond,
        restoredFromStep, lastCheckpoint, summary, productiveSeconds, badputSeconds, device, error, bestCheckpoint, earlyStopped);
  }
}
