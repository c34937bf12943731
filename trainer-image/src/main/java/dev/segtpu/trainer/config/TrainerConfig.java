package dev.segtpu.trainer.config;

import dev.segtpu.contract.TrainerInterval;
import dev.segtpu.trainer.distributed.PeerGroup;
import dev.segtpu.trainer.input.InputSpec;
import dev.segtpu.trainer.model.ModelSpec;
import dev.segtpu.trainer.model.deeplab.DeepLabSpec;
import dev.segtpu.trainer.train.EarlyStopping;
import dev.segtpu.trainer.train.LearningRateSchedule;
import dev.segtpu.trainer.train.MomentumSgd;
import dev.segtpu.trainer.train.RecomputePolicy;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A validated trainer configuration.
 *
 * @param recompute whether the backward pass recomputes activations instead of keeping them (auto: by memory)
 * @param evalIntervalSteps evaluate every this many steps; 0: only at the end
 * @param terminationMessage where to write the final status as the trainer exits, if anywhere
 * @param onUnrestorable what to do when committed checkpoints exist but none restores
 * @param resumeFromDir an earlier job's checkpoints to restore read-only when {@code checkpointDir} has none
 * @param earlyStopping when to stop before the total steps; empty: never
 */
public record TrainerConfig(String jobName, int attempt, Optional<PeerGroup> peers, int worker, int workers, ModelSpec model, RecomputePolicy recompute, InputSpec trainInput, InputSpec evalInput,
                            long totalSteps, LearningRateSchedule schedule, MomentumSgd optimizer,
                            long evalIntervalSteps, long seed, Path checkpointDir, TrainerInterval checkpointInterval,
                            int checkpointKeep, OnUnrestorable onUnrestorable, Optional<Path> resumeFromDir,
                            String bindAddress, int statusPort, Optional<Path> terminationMessage,
                            Optional<EarlyStopping> earlyStopping) {

  /** The DeepLab network's shape; fails for another model. */
  public DeepLabSpec deepLab() {
    if (model instanceof DeepLabSpec spec) {
      return spec;
    }
    throw new IllegalStateException("the configured model is " + model.architecture() + ", not deeplabv3plus");
  }

  /** This worker's share of the global batch. */
  public int batchSize() {
    return trainInput.batchSize();
  }

  /** The batch of one step over all workers. */
  public int globalBatchSize() {
    return trainInput.batchSize() * workers;
  }

  /** Worker 0 (or the only worker) writes checkpoints, the step log, evaluations and the export. */
  public boolean leader() {
    return worker == 0;
  }

  public int imageSize() {
    return trainInput.cropSize();
  }
}
