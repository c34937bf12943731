package dev.segtpu.trainer.checkpoint;

import java.nio.file.Path;

/** A complete checkpoint on disk: its directory and metadata. */
public record Checkpoint(Path directory, CheckpointMetadata metadata) {

  /** The prefix TensorFlow's SaveV2/RestoreV2 read and write ({@code prefix.index}, {@code prefix.data-*}). */
  public String variablesPrefix() {
    return directory.resolve(CheckpointDirectory.VARIABLES).toString();
  }
}
