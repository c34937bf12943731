package dev.segtpu.trainer.train;

import dev.segtpu.trainer.checkpoint.BestMarker;
import dev.segtpu.trainer.checkpoint.Checkpoint;
import dev.segtpu.trainer.checkpoint.CheckpointDirectory;
import dev.segtpu.trainer.checkpoint.CheckpointMetadata;
import dev.segtpu.trainer.config.TrainerConfig;
import dev.segtpu.trainer.input.DataPosition;
import dev.segtpu.trainer.input.Shard;
import dev.segtpu.trainer.telemetry.TrainerPhase;
import dev.segtpu.trainer.telemetry.TrainerTelemetry;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.Session;
import org.tensorflow.types.TFloat32;

/**
 * Runs training steps from a restored (or initial) state to the total step count: feeds batches and the
 * scheduled learning rate, logs every step, evaluates and checkpoints when due, and stops cleanly on
 * SIGTERM after checkpointing.
 *
 * <p>On several workers every decision is the group's: a worker's wish to stop (SIGTERM) or checkpoint
 * (its interval is due) rides on the step's all-reduce, and all act on the union after that same step.
 * A checkpoint first checks that every replica holds the same weights (which is also the barrier), then
 * worker 0 alone writes it; worker 0 alone logs steps and evaluates.
 */
public final class TrainingLoop {

  private static final Logger LOG = LoggerFactory.getLogger(TrainingLoop.class);

  /** COMPLETED: the total steps; EARLY_STOPPED: the early-stopping metric stopped improving; PREEMPTED: SIGTERM. */
  public enum Outcome { COMPLETED, EARLY_STOPPED, PREEMPTED }

  /** Where training stands after the last completed step. */
  public record Progress(long step, DataPosition position, float loss, double learningRate) {}

  private final TrainerConfig config;
  private final TrainingTask task;
  private final ModelGraph graph;
  private final Session session;
  private final CheckpointDirectory checkpoints;
  private final TrainerTelemetry telemetry;
  private final StepLog stepLog;
  private final StopSignal stop;
  private final Replicas replicas;
  private final Shard shard;
  private Progress progress;
  private long lastCheckpointStep;
  private long lastCheckpointNanos;
  private Evaluation lastEvaluation;
  private final BestTracker best;

  /**
   * @param task the model's graph, batches, evaluation and export
   * @param replicas the group this worker trains in ({@link Replicas#SINGLE} alone)
   * @param best the best checkpoint so far and early stopping, restored with the checkpoint
   */
  public TrainingLoop(TrainerConfig config, TrainingTask task, Session session, CheckpointDirectory checkpoints,
                      TrainerTelemetry telemetry, StepLog stepLog, StopSignal stop, Progress start, Replicas replicas,
                      BestTracker best) {
    this.best = best;
    this.config = config;
    this.task = task;
    this.graph = task.graph();
    this.session = session;
    this.checkpoints = checkpoints;
    this.telemetry = telemetry;
    this.stepLog = stepLog;
    this.stop = stop;
    this.progress = start;
    this.replicas = replicas;
    this.shard = new Shard(config.worker(), config.workers());
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
    try (TrainingTask.StepBatches source = task.training(start, shard)) {
      while (progress.step() < config.totalSteps()) {
        long next = progress.step() + 1;
        StepSignals agreed = step(source, new StepSignals(stop.requested(), config.checkpointInterval().due(
            next - lastCheckpointStep, Duration.ofNanos(System.nanoTime() - lastCheckpointNanos))));
        long step = progress.step();
        if (agreed.stop()) {
          saveCheckpoint();
          return Outcome.PREEMPTED;
        }
        if (replicas.leader() && config.evalIntervalSteps() > 0 && step % config.evalIntervalSteps() == 0
            && step < config.totalSteps()) {
          evaluate();
          if (judge()) {
            return Outcome.EARLY_STOPPED;
          }
        }
        if (agreed.checkpoint() && step < config.totalSteps()) {
          saveCheckpoint();
        }
      }
    }
    if (lastCheckpointStep != progress.step()) {
      saveCheckpoint();
    }
    if (replicas.leader() && (lastEvaluation == null || lastEvaluation.step() != progress.step())) {
      evaluate();
      judge();
    }
    return Outcome.COMPLETED;
  }

  /** The best checkpoint so far, if any evaluation made one. */
  public Optional<BestMarker> best() {
    return best.best();
  }

  /**
   * The last evaluation against the best so far: a new best is checkpointed at its step (unless a
   * checkpoint of that step is committed already) and marked, so keep-N spares it and the export can
   * restore it. Returns whether early stopping says to stop; the step is checkpointed then too.
   *
   * <p>Only worker 0 evaluates, so on several workers (whose checkpoint is a collective) no extra checkpoint
   * is written here: a best is marked only when its step's checkpoint exists, and early stopping is refused
   * at configuration time.
   */
  private boolean judge() throws IOException {
    double value = lastEvaluation.value(best.metric());
    BestTracker.Verdict verdict = best.evaluated(lastEvaluation.step(), config.attempt(), value);
    if ((verdict.newBest() || verdict.stop()) && replicas.size() == 1 && committedAt(progress.step()).isEmpty()) {
      saveCheckpoint();
    }
    if (verdict.newBest()) {
      BestMarker marker = best.best().orElseThrow();
      Optional<Checkpoint> checkpoint = committedAt(marker.step());
      if (checkpoint.isPresent()) {
        // the checkpoint of this step may be an earlier attempt's (restored, then evaluated at the end)
        BestMarker named = new BestMarker(marker.step(), checkpoint.get().metadata().attempt(), marker.metric(), marker.value(),
            marker.significantStep(), marker.significantValue());
        checkpoints.markBest(named);
        telemetry.best(named.step(), named.attempt(), named.metric(), named.value());
        LOG.info("new best {} {} at step {}: its checkpoint is kept and exported", named.metric(), named.value(), named.step());
      }
    }
    if (verdict.stop()) {
      LOG.info("early stop at step {}: {} has not improved by more than the minimum delta in {} evaluation(s); best {}",
          progress.step(), best.metric(), verdict.evaluationsWithoutImprovement(), best.best().orElseThrow());
    }
    return verdict.stop();
  }

  /** This directory's newest committed checkpoint of {@code step} (of the highest attempt). */
  private Optional<Checkpoint> committedAt(long step) throws IOException {
    return checkpoints.committed().list().stream().filter(c -> c.metadata().step() == step).reduce((a, b) -> b);
  }

  /** One training step; returns what the group agreed to do after it. */
  private StepSignals step(TrainingTask.StepBatches source, StepSignals mine) throws InterruptedException {
    long began = System.nanoTime();
    double learningRate = config.schedule().at(progress.step());
    float loss;
    StepSignals agreed;
    try (TrainingTask.StepBatch batch = source.next();
         TFloat32 rate = TFloat32.scalarOf((float) learningRate)) {
      Session.Runner runner = batch.feed(session, session.runner())
          .feed(graph.learningRate(), rate).addTarget(graph.trainStep()).fetch(graph.loss());
      Replicas.StepAgreement agreement = replicas.step(runner, mine, 1);
      try (var result = runner.run()) {
        loss = ((TFloat32) result.get(0)).getFloat();
        agreed = agreement.read(result);
      }
      recordStep(batch, source.examplesPerEpoch(), loss, learningRate, began);
    }
    return agreed;
  }

  private void recordStep(TrainingTask.StepBatch batch, long examplesPerEpoch, float loss, double learningRate, long began) {
    if (!Float.isFinite(loss)) {
      throw new IllegalStateException("loss became " + loss + " at step " + (progress.step() + 1)
          + " (learning rate " + learningRate + "); lower SEGTPU_LR_BASE");
    }
    long step = progress.step() + 1;
    progress = new Progress(step, DataPosition.afterShare(batch.epoch(), batch.position(), batch.size(), shard,
        examplesPerEpoch), loss, learningRate);
    double seconds = (System.nanoTime() - began) / 1e9;
    telemetry.stepCompleted(step, batch.epoch(), loss, learningRate, batch.size(), seconds,
        Math.min(seconds, batch.waitNanos() / 1e9));
    if (replicas.leader()) {
      stepLog.append(new StepLog.Entry(step, config.attempt(), batch.epoch(), batch.position(), loss, learningRate));
    }
    if (step == 1 || step % 50 == 0) {
      LOG.info("step {}/{} loss {} lr {} ({} s)", step, config.totalSteps(), loss, learningRate, String.format("%.3f", seconds));
    }
  }

  /**
   * Every replica holds the same trainable weights, or training stops: replicas that diverged silently
   * would waste the rest of the run. Also the group's barrier: it returns once all workers asked.
   */
  public static void requireSameWeights(Session session, ModelGraph graph, Replicas replicas, long step) {
    String digest = WeightsDigest.ofTrainable(session, graph.parameters());
    if (!replicas.sameWeights(session, digest)) {
      throw new IllegalStateException("replicas diverged: the workers' trainable weights differ at step " + step
          + " (this worker's digest " + digest.substring(0, 16) + "); restart the job from its last checkpoint");
    }
  }

  private void evaluate() throws InterruptedException {
    telemetry.phase(TrainerPhase.EVALUATING);
    lastEvaluation = task.evaluate(session, progress.step());
    lastEvaluation.report(telemetry);
    LOG.info("evaluation at step {}: {}", lastEvaluation.step(), lastEvaluation.describe());
    telemetry.phase(TrainerPhase.TRAINING);
  }

  private void saveCheckpoint() throws IOException {
    telemetry.phase(TrainerPhase.CHECKPOINTING);
    long began = System.nanoTime();
    if (replicas.size() > 1) {
      requireSameWeights(session, graph, replicas, progress.step());
      if (!replicas.leader()) {
        lastCheckpointStep = progress.step();
        lastCheckpointNanos = System.nanoTime();
        telemetry.phase(TrainerPhase.TRAINING);
        return;
      }
    }
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
