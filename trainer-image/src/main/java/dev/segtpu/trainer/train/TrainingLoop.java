package dev.segtpu.trainer.train;

import dev.segtpu.trainer.checkpoint.CheckpointDirectory;
import dev.segtpu.trainer.checkpoint.CheckpointMetadata;
import dev.segtpu.trainer.config.TrainerConfig;
import dev.segtpu.trainer.input.Batch;
import dev.segtpu.trainer.input.BatchSource;
import dev.segtpu.trainer.input.BatchSources;
import dev.segtpu.trainer.input.DataPosition;
import dev.segtpu.trainer.model.HostArrays;
import dev.segtpu.trainer.telemetry.TrainerPhase;
import dev.segtpu.trainer.telemetry.TrainerTelemetry;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * Runs training steps from a restored (or initial) state to the total step count: feeds batches and the
 * scheduled learning rate, logs every step, evaluates and checkpoints when due, and stops cleanly on
 * SIGTERM after checkpointing.
 */
public final class TrainingLoop {

  private static final Logger LOG = LoggerFactory.getLogger(TrainingLoop.class);

  public enum Outcome { COMPLETED, PREEMPTED }

  /** Where training stands after the last completed step. */
  public record Progress(long step, DataPosition position, float loss, double learningRate) {}

  private final TrainerConfig config;
  private final TrainingGraph graph;
  private final Session session;
  private final CheckpointDirectory checkpoints;
  private final TrainerTelemetry telemetry;
  private final StepLog stepLog;
  private final StopSignal stop;
  private final Evaluator evaluator;
  private Progress progress;
  private long lastCheckpointStep;
  private long lastCheckpointNanos;
  private Evaluation lastEvaluation;

  public TrainingLoop(TrainerConfig config, TrainingGraph graph, Session session, CheckpointDirectory checkpoints,
                      TrainerTelemetry telemetry, StepLog stepLog, StopSignal stop, Progress start) {
    this.config = config;
    this.graph = graph;
    this.session = session;
    this.checkpoints = checkpoints;
    this.telemetry = telemetry;
    this.stepLog = stepLog;
    this.stop = stop;
    this.evaluator = new Evaluator(config.evalInput(), config.model().numClasses());
    this.progress = start;
    this.lastCheckpointStep = start.step();
    this.lastCheckpointNanos = System.nanoTime();
  }

  public Progress progress() {
    return progress;
  }

  public Evaluation lastEvaluation() {
    return lastEvaluation;
  }

  public Outcome run() throws IOException, InterruptedException {
    telemetry.phase(TrainerPhase.TRAINING);
    DataPosition start = progress.position();
    try (BatchSource source = BatchSources.training(config.trainInput(), start.epoch(), start.position())) {
      while (progress.step() < config.totalSteps()) {
        if (stop.requested()) {
          saveCheckpoint();
          return Outcome.PREEMPTED;
        }
        step(source);
        long step = progress.step();
        if (config.evalIntervalSteps() > 0 && step % config.evalIntervalSteps() == 0 && step < config.totalSteps()) {
          evaluate();
        }
        if (step < config.totalSteps() && config.checkpointInterval().due(step - lastCheckpointStep,
            Duration.ofNanos(System.nanoTime() - lastCheckpointNanos))) {
          saveCheckpoint();
        }
      }
    }
    if (lastCheckpointStep != progress.step()) {
      saveCheckpoint();
    }
    if (lastEvaluation == null || lastEvaluation.step() != progress.step()) {
      evaluate();
    }
    return Outcome.COMPLETED;
  }

  private void step(BatchSource source) throws InterruptedException {
    long began = System.nanoTime();
    Batch batch = source.next();
    double learningRate = config.schedule().at(progress.step());
    float loss;
    try (TFloat32 images = HostArrays.tensor(Shape.of(batch.size(), batch.height(), batch.width(), 3), batch.images());
         var labels = HostArrays.tensor(Shape.of(batch.size(), batch.height(), batch.width()), batch.labels());
         TFloat32 rate = TFloat32.scalarOf((float) learningRate);
         var result = session.runner().feed(graph.images(), images).feed(graph.labels(), labels)
             .feed(graph.learningRate(), rate).addTarget(graph.trainStep()).fetch(graph.loss()).run()) {
      loss = ((TFloat32) result.get(0)).getFloat();
    }
    if (!Float.isFinite(loss)) {
      throw new IllegalStateException("loss became " + loss + " at step " + (progress.step() + 1)
          + " (learning rate " + learningRate + "); lower SEGTPU_LR_BASE");
    }
    long step = progress.step() + 1;
    progress = new Progress(step, DataPosition.after(batch, source.examplesPerEpoch()), loss, learningRate);
    double seconds = (System.nanoTime() - began) / 1e9;
    telemetry.stepCompleted(step, batch.epoch(), loss, learningRate, batch.size(), seconds,
        Math.min(seconds, batch.waitNanos() / 1e9));
    stepLog.append(new StepLog.Entry(step, config.attempt(), batch.epoch(), batch.position(), loss, learningRate));
    if (step == 1 || step % 50 == 0) {
      LOG.info("step {}/{} loss {} lr {} ({} s)", step, config.totalSteps(), loss, learningRate, String.format("%.3f", seconds));
    }
  }

  private void evaluate() throws InterruptedException {
    telemetry.phase(TrainerPhase.EVALUATING);
    lastEvaluation = evaluator.evaluate(session, graph, progress.step());
    telemetry.evaluated(lastEvaluation.step(), lastEvaluation.meanIoU(), lastEvaluation.pixelAccuracy(),
        lastEvaluation.perClassIoU(), lastEvaluation.seconds());
    LOG.info("evaluation at step {}: mIoU {} pixel accuracy {} ({} pixels, {} s)", lastEvaluation.step(),
        lastEvaluation.meanIoU(), lastEvaluation.pixelAccuracy(), lastEvaluation.pixels(),
        String.format("%.2f", lastEvaluation.seconds()));
    telemetry.phase(TrainerPhase.TRAINING);
  }

  private void saveCheckpoint() throws IOException {
    telemetry.phase(TrainerPhase.CHECKPOINTING);
    long began = System.nanoTime();
    Instant now = Instant.now();
    CheckpointMetadata metadata = new CheckpointMetadata(progress.step(), config.attempt(), progress.position().epoch(),
        progress.position().position(), progress.learningRate(), progress.loss(), now.toString(), Map.of());
    checkpoints.save(metadata, prefix -> session.save(prefix.toString()));
    double seconds = (System.nanoTime() - began) / 1e9;
    telemetry.checkpointSaved(progress.step(), config.attempt(), now, seconds);
    LOG.info("checkpoint at step {} written in {} s", progress.step(), String.format("%.2f", seconds));
    lastCheckpointStep = progress.step();
    lastCheckpointNanos = System.nanoTime();
    telemetry.phase(TrainerPhase.TRAINING);
  }
}
