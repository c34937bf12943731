package dev.segtpu.trainer.checkpoint;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a restore found: the checkpoint it loaded, and why each newer committed checkpoint was passed over.
 * Restored nothing with no damage means nothing was committed (a fresh start); restored nothing with
 * damage means every committed checkpoint is unusable, which must not pass for a fresh start.
 *
 * @param directories where the checkpoints were looked for
 * @param damage one line per committed checkpoint that could not be used, newest first
 */
public record RestoreOutcome(List<Path> directories, Optional<Checkpoint> restored, List<String> damage) {

  public boolean nothingCommitted() {
    return restored.isEmpty() && damage.isEmpty();
  }

  public boolean unrestorable() {
    return restored.isEmpty() && !damage.isEmpty();
  }

  /** For the log line and the status {@code error}: the directory and each checkpoint's damage. */
  public String describeDamage() {
    return damage.size() + " committed checkpoint(s) in " + (directories.size() == 1 ? directories.get(0) : directories)
        + " and none restores: " + String.join("; ", damage);
  }
}
