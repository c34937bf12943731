package dev.segtpu.trainer.checkpoint;

import java.util.Map;

/**
 * What a checkpoint records besides the variables: where training stood when it was written and the
 * size and SHA-256 of each of its files, so a damaged checkpoint is recognised before it is restored.
 *
 * @param epoch epoch of the next training example (the data position to resume from)
 * @param position index of the next example in that epoch's order
 * @param time ISO-8601 instant the checkpoint was written
 * @param files size and digest of each variables file, by file name
 */
public record CheckpointMetadata(long step, int attempt, long epoch, long position, double learningRate,
                                 double loss, String time, Map<String, FileDigest> files) {

  /** Size and SHA-256 (hex) of one file. */
  public record FileDigest(long size, String sha256) {}

  public CheckpointMetadata withFiles(Map<String, FileDigest> digests) {
    return new CheckpointMetadata(step, attempt, epoch, position, learningRate, loss, time, Map.copyOf(digests));
  }
}
