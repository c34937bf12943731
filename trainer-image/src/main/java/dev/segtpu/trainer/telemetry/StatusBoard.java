package dev.segtpu.trainer.telemetry;

import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the trainer has reported so far, condensed into {@link TrainerStatus} snapshots. Thread-safe. */
final class StatusBoard {

  private static final int THROUGHPUT_WINDOW_STEPS = 20;

  private final int attempt;
  private final long totalSteps;
  private final String device;
  private final ThroughputWindow throughput = new ThroughputWindow(THROUGHPUT_WINDOW_STEPS);
  private final EnumMap<BadputCategory, Double> badput = new EnumMap<>(BadputCategory.class);
  private TrainerPhase phase = TrainerPhase.INITIALIZING;
  private Long step;
  private Long epoch;
  private Double loss;
  private Double learningRate;
  private Long restoredFromStep;
  private TrainerStatus.LastCheckpoint lastCheckpoint;
  private TrainerStatus.Evaluation evaluation;
  private double productiveSeconds;
  private String error;

  StatusBoard(int attempt, long totalSteps, String device) {
    this.attempt = attempt;
    this.totalSteps = totalSteps;
    this.device = device;
    for (BadputCategory category : BadputCategory.values()) {
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
    addBadput(BadputCategory.DATA_WAIT, dataWaitSeconds);
  }

  synchronized void checkpointSaved(long step, int attempt, Instant time, double seconds) {
    lastCheckpoint = new TrainerStatus.LastCheckpoint(step, time.toString(), attempt, seconds);
    addBadput(BadputCategory.CHECKPOINT_SAVE, seconds);
  }

  synchronized void restored(long fromStep, int fromAttempt, String checkpointTime, double seconds) {
    restoredFromStep = fromStep;
    // Until this process saves one, the newest checkpoint is the one it restored (often a SIGTERM
    // checkpoint newer than anything the previous attempt reported).
    lastCheckpoint = new TrainerStatus.LastCheckpoint(fromStep, checkpointTime, fromAttempt, null);
    if (step == null) {
      step = fromStep;
    }
    addBadput(BadputCategory.CHECKPOINT_RESTORE, seconds);
  }

  synchronized void evaluated(long step, double meanIoU, double pixelAccuracy, double[] perClassIoU,
                              double seconds) {
    evaluation = new TrainerStatus.Evaluation(step, meanIoU, pixelAccuracy,
        Arrays.stream(perClassIoU).boxed().toList());
    addBadput(BadputCategory.EVALUATION, seconds);
  }

  synchronized void addBadput(BadputCategory category, double seconds) {
    badput.merge(category, seconds, Double::sum);
  }

  synchronized TrainerStatus snapshot() {
    Map<String, Double> badputSeconds = new LinkedHashMap<>();
    badput.forEach((category, seconds) -> badputSeconds.put(category.key(), seconds));
    boolean measured = !throughput.isEmpty();
    return new TrainerStatus(phase.json(), attempt, step, totalSteps, epoch, loss, learningRate,
        measured ? throughput.imagesPerSecond() : null, measured ? throughput.stepsPerSecond() : null,
        restoredFromStep, lastCheckpoint, evaluation, productiveSeconds, badputSeconds, device, error);
  }
}
