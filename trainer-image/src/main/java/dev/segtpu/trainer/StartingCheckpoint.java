package dev.segtpu.trainer;

import dev.segtpu.trainer.checkpoint.Checkpoint;
import dev.segtpu.trainer.checkpoint.CheckpointDirectory;
import dev.segtpu.trainer.checkpoint.CheckpointsUnrestorableException;
import dev.segtpu.trainer.checkpoint.CommittedCheckpoints;
import dev.segtpu.trainer.checkpoint.EarlierJob;
import dev.segtpu.trainer.checkpoint.RestoreOutcome;
import dev.segtpu.trainer.config.ConfigurationException;
import dev.segtpu.trainer.config.OnUnrestorable;
import dev.segtpu.trainer.config.Setting;
import dev.segtpu.trainer.input.DataPosition;
import dev.segtpu.trainer.telemetry.TrainerPhase;
import dev.segtpu.trainer.telemetry.TrainerTelemetry;
import dev.segtpu.trainer.train.ModelGraph;
import dev.segtpu.trainer.train.TrainingLoop;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.Session;
import org.tensorflow.types.TInt64;

/**
 * Where training starts: the newest restorable checkpoint of the job's own directory; when that holds no
 * committed checkpoint, an earlier job's (SEGTPU_RESUME_FROM_DIR, read-only); else step 0. Committed
 * checkpoints that all fail to restore stop the trainer (exit 5) unless the job chose to start over.
 */
final class StartingCheckpoint {

  private static final Logger LOG = LoggerFactory.getLogger(StartingCheckpoint.class);

  private StartingCheckpoint() {}

  /**
   * The checkpoints to restore from, chosen before the model is built so a resumeFrom naming a job without
   * checkpoints fails in seconds.
   *
   * @throws ConfigurationException if SEGTPU_RESUME_FROM_DIR is used and holds no committed checkpoint
   */
  static CommittedCheckpoints source(CheckpointDirectory own, Optional<Path> resumeFrom) throws IOException {
    if (resumeFrom.isEmpty() || !own.committed().list().isEmpty()) {
      return own.committed();
    }
    CommittedCheckpoints earlier = EarlierJob.checkpoints(resumeFrom.get(), own.root());
    if (earlier.list().isEmpty()) {
      throw ConfigurationException.of(Setting.RESUME_FROM_DIR, resumeFrom.get() + " holds no committed checkpoint: "
          + "spec.checkpoint.resumeFrom names a job with no committed checkpoint");
    }
    LOG.info("{} has no committed checkpoint: resuming from the earlier job's checkpoints in {} (read-only)",
        own.root(), earlier.directories());
    return earlier;
  }

  /** Restores the newest usable checkpoint of {@code source}, or initialises the variables when there is none. */
  static TrainingLoop.Progress restore(CommittedCheckpoints source, OnUnrestorable onUnrestorable, Session session,
                                       ModelGraph graph, TrainerTelemetry telemetry) throws IOException {
    telemetry.phase(TrainerPhase.RESTORING);
    long began = System.nanoTime();
    RestoreOutcome outcome = source.restoreNewest(checkpoint -> {
      session.restore(checkpoint.variablesPrefix());
      long step = globalStep(session, graph);
      if (step != checkpoint.metadata().step()) {
        throw new IllegalStateException("global step " + step + " in the variables, " + checkpoint.metadata().step()
            + " in the metadata");
      }
    });
    if (outcome.unrestorable()) {
      if (onUnrestorable == OnUnrestorable.FAIL) {
        throw new CheckpointsUnrestorableException(outcome.describeDamage() + "; to train from step 0 anyway set "
            + Setting.CHECKPOINT_ON_UNRESTORABLE.environmentVariable() + "=" + OnUnrestorable.START_OVER.contractName());
      }
      LOG.warn("{}; starting over from step 0 as {} says", outcome.describeDamage(),
          Setting.CHECKPOINT_ON_UNRESTORABLE.environmentVariable());
    }
    if (outcome.restored().isEmpty()) {
      session.forceInitialize();
      LOG.info("no usable checkpoint in {}: starting from step 0", source.directories());
      return new TrainingLoop.Progress(0, DataPosition.START, Float.NaN, 0);
    }
    Checkpoint restored = outcome.restored().get();
    var m = restored.metadata();
    telemetry.restored(m.step(), m.attempt(), m.time(), (System.nanoTime() - began) / 1e9);
    LOG.info("restored step {} (attempt {}) from {}", m.step(), m.attempt(), restored.directory());
    return new TrainingLoop.Progress(m.step(), new DataPosition(m.epoch(), m.position()), (float) m.loss(), m.learningRate());
  }

  private static long globalStep(Session session, ModelGraph graph) {
    try (var result = session.runner().fetch(graph.globalStep()).run()) {
      return ((TInt64) result.get(0)).getLong();
    }
  }
}
