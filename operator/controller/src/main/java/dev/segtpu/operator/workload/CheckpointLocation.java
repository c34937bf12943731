package dev.segtpu.operator.workload;

import dev.segtpu.api.CheckpointSpec;
import dev.segtpu.api.SegmentationTrainingJob;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a job's checkpoints live under the checkpoint mount: {@code <namespace>/<name>/<uid>}.
 *
 * <p>The UID is part of the path so that a job deleted and re-created under the same name is a new job:
 * it starts at step 0 instead of resuming the old job's weights or being fenced by the old job's higher
 * attempt. Continuing from an earlier job is explicit, with {@code spec.checkpoint.resumeFrom}, which
 * the trainer reads without ever writing there.
 */
public final class CheckpointLocation {

  private CheckpointLocation() {}

  /** The job's own checkpoint directory, as the trainer sees it. */
  public static String of(SegmentationTrainingJob job) {
    String uid = Objects.requireNonNull(job.getMetadata().getUid(), "a job read from the API server has a uid");
    return MountedStorage.CHECKPOINT_PATH + "/" + job.getMetadata().getNamespace() + "/" + job.getMetadata().getName() + "/" + uid;
  }

  /**
   * The earlier job's directory ({@code <namespace>/<name>/<uid>}) or, without a UID, the folder of every
   * job that had that name ({@code <namespace>/<name>}); the trainer takes the newest committed
   * checkpoint there. Same namespace only: a job cannot read another namespace's checkpoints.
   */
  public static Optional<String> resumeFrom(SegmentationTrainingJob job, CheckpointSpec checkpoint) {
    CheckpointSpec.ResumeFrom from = checkpoint.resumeFrom;
    if (from == null) {
      return Optional.empty();
    }
    String folder = MountedStorage.CHECKPOINT_PATH + "/" + job.getMetadata().getNamespace() + "/" + from.jobName;
    return Optional.of(from.jobUID == null ? folder : folder + "/" + from.jobUID);
  }
}
