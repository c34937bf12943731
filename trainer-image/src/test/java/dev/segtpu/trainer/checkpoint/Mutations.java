package dev.segtpu.trainer.checkpoint;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Counts the mutating operations on an {@link ObjectStoreFileSystem} and crashes at the k-th: that
 * operation and every later one fail, as if the process had died there (nothing it still had open is
 * uploaded, nothing more is deleted).
 */
final class Mutations {

  private int count;
  private int crashAt;
  private boolean crashed;
  private final List<String> log = new ArrayList<>();
  private String triggerOn;
  private IoAction trigger;

  /** An action taken by another process at a moment of this one, run before the filesystem operation it names. */
  interface IoAction {
    void run() throws IOException;
  }

  /** Runs {@code action} once, just before the first mutation whose description contains {@code what}. */
  void before(String what, IoAction action) {
    triggerOn = what;
    trigger = action;
  }

  /** Crash at the {@code k}-th mutation from now (1 = the next one). */
  void crashAt(int k) {
    crashAt = count + k;
  }

  boolean crashed() {
    return crashed;
  }

  /** What was done since the file system was created, one line per mutation (the stage a crash hit is last). */
  List<String> log() {
    return List.copyOf(log);
  }

  void next(String what) throws IOException {
    if (trigger != null && what.contains(triggerOn)) {
      IoAction action = trigger;
      trigger = null;
      action.run();
    }
    if (crashed) {
      throw new IOException("process died earlier (injected crash); not done: " + what);
    }
    count++;
    log.add(what);
    if (count == crashAt) {
      crashed = true;
      throw new IOException("injected crash at mutation " + count + ": " + what);
    }
  }
}
