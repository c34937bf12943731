package dev.segtpu.trainer.telemetry;

import dev.segtpu.contract.StatusDocument;
import dev.segtpu.contract.TrainerBadput;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the trainer has reported so far, condensed into {@link StatusDocument} snapshots. Thread-safe. */
final class StatusBoard {

  private static final int THROUGHPUT_WINDOW_STEPS = 20;

  private final int attempt;
  private final long totalSteps;
  private final String device;
  private final ThroughputWindow throughput = new ThroughputWindow(THROUGHPUT_WINDOW_STEPS);
  private final EnumMap<TrainerBadput, Double> badput = new EnumMap<>(TrainerBadput.class);
  private TrainerPhase phase = TrainerPhase.INITIALIZING;
  private Long step;
  private Long epoch;
  private Double loss;
  private Double learningRate;
  private Long restoredFromStep;
  private StatusDocument.Checkpoint lastCheckpoint;
  private StatusDocument.Eval evaluation;
  private double productiveSeconds;
  private String error;
  private StatusDocument.BestCheckpoint best;
  private Boolean earlyStopped;

  StatusBoard(int attempt, long totalSteps, String device) {
    this.attempt = attempt;
    this.totalSteps = totalSteps;
    this.device = device;
    for (TrainerBadput category : TrainerBadput.values()) {
      badput.put(category, 0.0);
    }
  }

  synchronized void phase(TrainerPhase phase) {
    this.phase = phase;
  }

  synchronized void failed(String error) {
    this.phase = TrainerPhase.FAILED;
    this.error = error;
  }

  synchronized void stepCompleted(long step, long epoch, double loss, double learningRate, int images,
                                  double stepSeconds, double dataWaitSeconds) {
    this.step = step;
    this.epoch = epoch;
    this.loss = loss;
    this.learningRate = learningRate;
    throughput.add(images, stepSeconds);
    productiveSeconds += stepSeconds - dataWaitSeconds;
    addBadput(TrainerBadput.DATA_WAIT, dataWaitSeconds);
  }

  synchronized void checkpointSaved(long step, int attempt, Instant time, double seconds) {
    lastCheckpoint = new StatusDocument.Checkpoint(step, time.toString(), attempt, seconds);
    addBadput(TrainerBadput.CHECKPOINT_SAVE, seconds);
  }

  synchronized void restored(long fromStep, int fromAttempt, String checkpointTime, double seconds) {
    restoredFromStep = fromStep;
    // Until this process saves one, the newest checkpoint is the one it restored (often a SIGTERM
    // checkpoint newer than anything the previous attempt reported).
    lastCheckpoint = new StatusDocument.Checkpoint(fromStep, checkpointTime, fromAttempt, null);
    if (step == null) {
      step = fromStep;
    }
    addBadput(TrainerBadput.CHECKPOINT_RESTORE, seconds);
  }

  synchronized void evaluated(long step, double meanIoU, double pixelAccuracy, double[] perClassIoU,
                              double seconds) {
    evaluation = StatusDocument.Eval.deepLab(step, meanIoU, pixelAccuracy,
        Arrays.stream(perClassIoU).boxed().toList());
    addBadput(TrainerBadput.EVALUATION, seconds);
  }

  synchronized void evaluatedInstances(long step, double boxAP, double maskAP, double boxAP50, double boxAP75, double seconds) {
    evaluation = new StatusDocument.Eval(step, null, null, null, boxAP, maskAP, boxAP50, boxAP75);
    addBadput(TrainerBadput.EVALUATION, seconds);
  }

  synchronized void best(long step, int attempt, String metric, double value) {
    best = new StatusDocument.BestCheckpoint(step, attempt, metric, value);
  }

  synchronized void earlyStopped() {
    earlyStopped = true;
  }

  synchronized void addBadput(TrainerBadput category, double seconds) {
    badput.merge(category, seconds, Double::sum);
  }

  synchronized StatusDocument snapshot() {
    Map<String, Double> badputSeconds = new LinkedHashMap<>();
    badput.forEach((category, seconds) -> badputSeconds.put(category.key(), seconds));
    boolean measured = !throughput.isEmpty();
    return new StatusDocument(phase.json(), attempt, step, totalSteps, epoch, loss, learningRate,
        measured ? throughput.imagesPerSecond() : null, measured ? throughput.stepsPerSecond() : null,
        restoredFromStep, lastCheckpoint, evaluation, productiveSeconds, badputSeconds, device, error, best, earlyStopped);
  }
}
