package dev.segtpu.trainer;

import dev.segtpu.contract.TrainerBadput;
import dev.segtpu.contract.TrainerExit;
import dev.segtpu.trainer.checkpoint.BestMarker;
import dev.segtpu.trainer.checkpoint.Checkpoint;
import dev.segtpu.trainer.checkpoint.CheckpointDirectory;
import dev.segtpu.trainer.checkpoint.CheckpointsUnrestorableException;
import dev.segtpu.trainer.checkpoint.CommittedCheckpoints;
import dev.segtpu.trainer.checkpoint.FencedException;
import dev.segtpu.trainer.config.ConfigurationException;
import dev.segtpu.trainer.config.Setting;
import dev.segtpu.trainer.config.TrainerConfig;
import dev.segtpu.trainer.config.TrainerConfigParser;
import dev.segtpu.trainer.distributed.CollectiveRuntime;
import dev.segtpu.trainer.distributed.PeerFailures;
import dev.segtpu.trainer.distributed.PeerGroup;
import dev.segtpu.trainer.distributed.PeerLostException;
import dev.segtpu.trainer.distributed.Rendezvous;
import dev.segtpu.trainer.distributed.ReplicaSync;
import dev.segtpu.trainer.input.DataException;
import dev.segtpu.trainer.input.DatasetFiles;
import dev.segtpu.trainer.model.Activations;
import dev.segtpu.trainer.model.deeplab.DeepLabV3Plus;
import dev.segtpu.trainer.telemetry.TrainerPhase;
import dev.segtpu.trainer.telemetry.TrainerTelemetry;
import dev.segtpu.trainer.train.ActivationFootprint;
import dev.segtpu.trainer.train.BestTracker;
import dev.segtpu.trainer.train.FinalMetrics;
import dev.segtpu.trainer.train.RecomputePolicy;
import dev.segtpu.trainer.train.Replicas;
import dev.segtpu.trainer.train.SessionSettings;
import dev.segtpu.trainer.train.StepLog;
import dev.segtpu.trainer.train.StopSignal;
import dev.segtpu.trainer.train.TrainingGraph;
import dev.segtpu.trainer.train.TrainingTask;
import dev.segtpu.trainer.train.DeepLabTask;
import dev.segtpu.trainer.train.MaskRcnnTask;
import dev.segtpu.trainer.train.ModelGraph;
import dev.segtpu.trainer.train.EarlyStopping;
import dev.segtpu.trainer.model.maskrcnn.MaskRcnnGraph;
import dev.segtpu.trainer.model.maskrcnn.MaskRcnnSpec;
import dev.segtpu.trainer.train.TrainingLoop;
import dev.segtpu.trainer.train.TrainingShape;
import dev.segtpu.trainer.train.WeightsDigest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.Session;

/**
 * The trainer: configuration → devices → telemetry → fence, data check and restore → training loop → final
 * checkpoint, evaluation, SavedModel export and metrics. Exit codes as in docs/trainer-contract.md.
 */
public final class TrainerMain {

  private static final Logger LOG = LoggerFactory.getLogger(TrainerMain.class);

  private TrainerMain() {}

  public static void main(String[] args) {
    System.exit(run(System.getenv(), args));
  }

  static int run(java.util.Map<String, String> environment, String[] args) {
    long began = System.nanoTime();
    TrainerConfig config;
    try {
      config = TrainerConfigParser.parse(environment, args);
    } catch (ConfigurationException e) {
      System.err.println("configuration error: " + e.getMessage());
      return TrainerExit.CONFIGURATION_ERROR.code();
    }
    if (config == null) {
      return TrainerExit.SUCCEEDED.code();
    }
    StopSignal stop = StopSignal.onSigterm();
    NativeEnvironment.missingFrom(environment).forEach(line -> LOG.warn("{} (the trainer image sets it)", line));
    List<String> devices = Devices.list();
    String device = Devices.describe(devices);
    LOG.info("TensorFlow devices: {}; training on {}", devices, device);
    try (TrainerTelemetry telemetry = TrainerTelemetry.start(config.bindAddress(), config.statusPort(), config.attempt(),
        config.totalSteps(), device)) {
      LOG.info("status and metrics on port {}", telemetry.port());
      int exitCode = trainReportingFailures(config, telemetry, stop, began);
      config.terminationMessage().ifPresent(telemetry::writeTerminationMessage);
      return exitCode;
    }
  }

  private static int trainReportingFailures(TrainerConfig config, TrainerTelemetry telemetry, StopSignal stop, long began) {
    try {
      return train(config, telemetry, stop, began);
    } catch (FencedException e) {
      LOG.error("fenced: {}", e.getMessage());
      telemetry.failed("fenced: " + e.getMessage());
      return TrainerExit.FENCED.code();
    } catch (ConfigurationException e) {
      LOG.error("configuration error: {}", e.getMessage());
      telemetry.failed("configuration error: " + e.getMessage());
      return TrainerExit.CONFIGURATION_ERROR.code();
    } catch (CheckpointsUnrestorableException e) {
      LOG.error("checkpoints unrestorable: {}", e.getMessage());
      telemetry.failed("checkpoints unrestorable: " + e.getMessage());
      return TrainerExit.CHECKPOINT_UNRESTORABLE.code();
    } catch (DataException e) {
      LOG.error("data error: {}", e.getMessage());
      telemetry.failed("data error: " + e.getMessage());
      return TrainerExit.DATA_ERROR.code();
    } catch (PeerLostException e) {
      LOG.error("lost a peer: {}", e.getMessage());
      telemetry.failed("lost a peer: " + e.getMessage());
      return TrainerExit.PEER_LOST.code();
    } catch (Exception e) {
      Optional<PeerLostException> lost = config.peers().flatMap(group -> PeerFailures.lostPeer(e, group));
      if (lost.isPresent()) {
        LOG.error("lost a peer: {}", lost.get().getMessage(), e);
        telemetry.failed("lost a peer: " + lost.get().getMessage());
        return TrainerExit.PEER_LOST.code();
      }
      LOG.error("training failed", e);
      telemetry.failed(e.toString());
      return TrainerExit.FAILED.code();
    }
  }

  /**
   * Joins the job's data-parallel group: finds every peer, starts this worker's collective runtime, and
   * waits until every peer's answers.
   */
  private static CollectiveRuntime joinGroup(PeerGroup group) {
    LOG.info("worker {} of {}: finding peers {} (port {}, timeout {} s)", group.worker(), group.size(), group.hosts(),
        group.port(), group.timeout().toSeconds());
    List<InetSocketAddress> addresses = Rendezvous.resolve(group);
    CollectiveRuntime runtime = CollectiveRuntime.start(group, addresses, SessionSettings.config());
    Rendezvous.awaitPeers(group, addresses);
    LOG.info("joined the group at {}", addresses);
    return runtime;
  }

  /**
   * The export holds the best checkpoint's weights: restored over the final ones when an earlier step
   * evaluated better (the final metrics still describe the last step trained, and name the exported step).
   */
  private static void restoreBest(CheckpointDirectory checkpoints, Optional<BestMarker> best, long finalStep, Session session)
      throws IOException {
    if (best.isEmpty() || best.get().step() == finalStep) {
      return;
    }
    Checkpoint checkpoint = checkpoints.committed().list().stream().filter(c -> c.name().equals(best.get().checkpoint()))
        .findFirst().orElseThrow(() -> new IllegalStateException("the best checkpoint " + best.get().checkpoint() + " is gone"));
    session.restore(checkpoint.variablesPrefix());
    LOG.info("exporting the best checkpoint: step {} ({} {}) instead of the final step {}", best.get().step(),
        best.get().metric(), best.get().value(), finalStep);
  }

  /**
   * The configured model's graph, data and evaluation. DeepLab's backward pass may recompute activations
   * (chosen by memory, logged); Mask R-CNN keeps them.
   */
  private static TrainingTask task(TrainerConfig config, Replicas replicas) {
    if (config.model() instanceof MaskRcnnSpec spec) {
      LOG.info("model: {}", spec.description());
      return new MaskRcnnTask(new MaskRcnnGraph(spec, config.batchSize(), config.imageSize(), config.optimizer(), config.seed(),
          replicas), config.trainInput(), config.evalInput());
    }
    DeepLabV3Plus model = new DeepLabV3Plus(config.deepLab());
    LOG.info("model: {}", model.description());
    TrainingShape shape = TrainingShape.square(config.batchSize(), config.imageSize());
    RecomputePolicy.Choice recompute = config.recompute().choose(() -> ActivationFootprint.of(model, shape,
        config.deepLab().batchNormDecay(), Activations.PUBLISHED));
    LOG.info("activations {} in the backward pass (change with {})", recompute.reason(), Setting.RECOMPUTE.display());
    return new DeepLabTask(model.description(), new TrainingGraph(model, shape, config.optimizer(),
        config.deepLab().batchNormDecay(), config.seed(), Activations.PUBLISHED, recompute.recomputation(), replicas),
        config.trainInput(), config.evalInput(), config.deepLab().numClasses());
  }

  private static int train(TrainerConfig config, TrainerTelemetry telemetry, StopSignal stop, long began) throws Exception {
    telemetry.phase(TrainerPhase.INITIALIZING);
    CheckpointDirectory checkpoints = new CheckpointDirectory(config.checkpointDir(), config.attempt(), config.checkpointKeep());
    checkpoints.claim();
    CommittedCheckpoints restoreFrom = StartingCheckpoint.source(checkpoints, config.resumeFromDir());
    DatasetFiles.requireShards(config.trainInput());
    DatasetFiles.requireShards(config.evalInput());
    Replicas replicas = config.peers().<Replicas>map(ReplicaSync::new).orElse(Replicas.SINGLE);
    Optional<CollectiveRuntime> runtime = config.peers().map(TrainerMain::joinGroup);
    try (TrainingTask task = task(config, replicas);
         Session session = runtime.map(r -> r.open(task.graph().graph(), SessionSettings.config()))
             .orElseGet(() -> SessionSettings.open(task.graph().graph()));
         StepLog stepLog = new StepLog(config.checkpointDir())) {
      ModelGraph graph = task.graph();
      LOG.info("{} trainable parameters, {} GFLOP per training step (forward ×3)", graph.parameters().trainableCount(),
          String.format("%.2f", 3 * graph.forwardFlops() / 1e9));
      TrainingLoop.Progress start = StartingCheckpoint.restore(restoreFrom, config.onUnrestorable(), session, graph, telemetry);
      if (replicas.size() > 1) {
        TrainingLoop.requireSameWeights(session, graph, replicas, start.step());
        LOG.info("all {} replicas start from the same weights at step {}", replicas.size(), start.step());
      }
      telemetry.badput(TrainerBadput.STARTUP, (System.nanoTime() - began) / 1e9);
      BestTracker best = new BestTracker(config.earlyStopping(), EarlyStopping.defaultMetric(config.model().architecture()),
          checkpoints.best(), start.step(), config.evalIntervalSteps());
      best.best().ifPresent(b -> telemetry.best(b.step(), b.attempt(), b.metric(), b.value()));
      TrainingLoop loop = new TrainingLoop(config, task, session, checkpoints, telemetry, stepLog, stop, start, replicas, best);
      TrainingLoop.Outcome outcome = loop.run();
      if (outcome == TrainingLoop.Outcome.PREEMPTED) {
        LOG.info("stopped on SIGTERM at step {} after checkpointing", loop.progress().step());
        return TrainerExit.CHECKPOINTED_ON_SIGTERM.code();
      }
      if (outcome == TrainingLoop.Outcome.EARLY_STOPPED) {
        telemetry.earlyStopped();
      }
      if (!replicas.leader()) {
        telemetry.phase(TrainerPhase.DONE);
        LOG.info("done: step {}; worker 0 writes the final checkpoint, evaluation and export", loop.progress().step());
        return TrainerExit.SUCCEEDED.code();
      }
      telemetry.phase(TrainerPhase.EXPORTING);
      TrainingLoop.Progress end = loop.progress();
      restoreBest(checkpoints, loop.best(), end.step(), session);
      Path savedModel = task.export(session, config.checkpointDir().resolve("saved_model"));
      Path metrics = new FinalMetrics(task.description(), end.step(), config.attempt(), end.loss(), end.learningRate(),
          graph.parameters().trainableCount(), loop.lastEvaluation().summary(),
          WeightsDigest.of(session, graph.parameters()), savedModel.toString(), Instant.now().toString())
          .writeTo(config.checkpointDir());
      telemetry.phase(TrainerPhase.DONE);
      LOG.info("done: step {}, SavedModel in {}, metrics in {}", end.step(), savedModel, metrics);
      return TrainerExit.SUCCEEDED.code();
    }
  }
}
