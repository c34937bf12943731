package dev.segtpu.trainer.telemetry;

import dev.segtpu.contract.StatusDocument;
import dev.segtpu.contract.TrainerBadput;
import java.nio.file.Path;
import java.time.Instant;

/**
 * What the trainer tells the world: Prometheus series at {@code GET /metrics} and the operator's JSON at
 * {@code GET /status} (docs/trainer-contract.md), served by one HTTP listener. Thread-safe.
 *
 * <p>Time accounting: {@link #stepCompleted} books step time minus data wait as productive and the data
 * wait as badput; {@link #checkpointSaved}, {@link #restored} and {@link #evaluated} book their own
 * badput category. Use {@link #badput} only for time no other call reports (start-up).
 */
public final class TrainerTelemetry implements AutoCloseable {

  private final StatusBoard board;
  private final TrainerMetrics metrics;
  private final TelemetryServer server;

  private TrainerTelemetry(StatusBoard board, TrainerMetrics metrics, TelemetryServer server) {
    this.board = board;
    this.metrics = metrics;
    this.server = server;
  }

  /**
   * Starts serving at {@code bindAddress:port} (port 0 picks a free port; see {@link #port()}).
   *
   * @param device the device actually used, said honestly (e.g. "/device:CPU:0 (TensorFlow Java CPU build: no TPU runtime)")
   */
  public static TrainerTelemetry start(String bindAddress, int port, int attempt, long totalSteps, String device) {
    StatusBoard board = new StatusBoard(attempt, totalSteps, device);
    TrainerMetrics metrics = new TrainerMetrics(board::snapshot, device);
    TelemetryServer server = TelemetryServer.start(bindAddress, port, metrics.registry(), board::snapshot);
    return new TrainerTelemetry(board, metrics, server);
  }

  public int port() {
    return server.port();
  }

  /** Synchronized so the JSON and the Prometheus state set never disagree about the current phase. */
  public synchronized void phase(TrainerPhase phase) {
    board.phase(phase);
    metrics.phase(phase);
  }

  /** The failed phase, with why (it reaches the operator's failure event through the termination message). */
  public synchronized void failed(String error) {
    board.failed(error);
    metrics.phase(TrainerPhase.FAILED);
  }

  /**
   * @param stepSeconds wall time of the whole step, the wait for its batch included
   * @param dataWaitSeconds the part of it spent waiting for the batch ({@code Batch.waitNanos})
   */
  public void stepCompleted(long step, long epoch, double loss, double learningRate, int images,
                            double stepSeconds, double dataWaitSeconds) {
    if (dataWaitSeconds < 0 || dataWaitSeconds > stepSeconds) {
      throw new IllegalArgumentException("data wait " + dataWaitSeconds + " s is outside the step's "
          + stepSeconds + " s");
    }
    board.stepCompleted(step, epoch, loss, learningRate, images, stepSeconds, dataWaitSeconds);
    metrics.stepCompleted(images, stepSeconds, dataWaitSeconds);
  }

  public void checkpointSaved(long step, int attempt, Instant time, double seconds) {
    board.checkpointSaved(step, attempt, time, seconds);
    metrics.checkpointSaved(seconds);
  }

  /** The checkpoint of {@code fromStep}, written by attempt {@code fromAttempt} at {@code checkpointTime}, was restored. */
  public void restored(long fromStep, int fromAttempt, String checkpointTime, double seconds) {
    board.restored(fromStep, fromAttempt, checkpointTime, seconds);
    metrics.restored(seconds);
  }

  public void evaluated(long step, double meanIoU, double pixelAccuracy, double[] perClassIoU, double seconds) {
    board.evaluated(step, meanIoU, pixelAccuracy, perClassIoU, seconds);
  }

  /** A Mask R-CNN evaluation: COCO box and mask AP (IoU 0.50:0.95) and box AP at IoU 0.50 and 0.75. */
  public void evaluatedInstances(long step, double boxAP, double maskAP, double boxAP50, double boxAP75, double seconds) {
    board.evaluatedInstances(step, boxAP, maskAP, boxAP50, boxAP75, seconds);
  }

  /** The checkpoint of {@code step} (written by {@code attempt}) is the best by {@code metric} so far. */
  public void best(long step, int attempt, String metric, double value) {
    board.best(step, attempt, metric, value);
  }

  /** Training stopped early: the final status says so. */
  public void earlyStopped() {
    board.earlyStopped();
  }

  public void badput(TrainerBadput category, double seconds) {
    board.addBadput(category, seconds);
  }

  /** Writes the status as it is now to the termination message file, as the trainer exits ({@link TerminationMessage}). */
  public void writeTerminationMessage(Path file) {
    TerminationMessage.write(file, status());
  }

  /** The status as {@code GET /status} would serve it now (also handy for the final metrics JSON). */
  public StatusDocument status() {
    return board.snapshot();
  }

  @Override
  public void close() {
    server.close();
  }
}
