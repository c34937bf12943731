package dev.segtpu.trainer.checkpoint;

import java.nio.file.Path;

/** A committed checkpoint: its directory and the metadata its commit marker holds. */
public record Checkpoint(Path directory, CheckpointMetadata metadata) {

  /** The prefix TensorFlow's SaveV2/RestoreV2 read and write ({@code prefix.index}, {@code prefix.data-*}). */
  public String variablesPrefix() {
    return directory.resolve(CheckpointDirectory.VARIABLES).toString();
  }

  public CheckpointName name() {
    return new CheckpointName(metadata.step(), metadata.attempt());
  }

  /** The commit marker beside the directory. */
  Path marker() {
    return directory.resolveSibling(name().marker());
  }
}
