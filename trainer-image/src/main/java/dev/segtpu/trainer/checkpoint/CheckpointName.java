package dev.segtpu.trainer.checkpoint;

import dev.segtpu.contract.CheckpointLayout;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;

/**
 * The unique name of one checkpoint: its step and the attempt that wrote it. The attempt is part of the
 * name so two attempts never write the same objects: a stale attempt still writing cannot corrupt the
 * checkpoint a newer attempt commits at the same step, and no object is ever overwritten.
 *
 * <p>{@code ckpt-<step, 12 digits>-a<attempt>/} holds the variables; {@code ckpt-<step>-a<attempt>.commit.json}
 * beside it is the commit marker, written last ({@link CheckpointLayout}).
 */
public record CheckpointName(long step, int attempt) {

  /** Oldest first: by step, then by attempt (two attempts reach the same step only by redoing it). */
  public static final Comparator<CheckpointName> ORDER =
      Comparator.comparingLong(CheckpointName::step).thenComparingInt(CheckpointName::attempt);

  public String directory() {
    return CheckpointLayout.directory(step, attempt);
  }

  public String marker() {
    return CheckpointLayout.marker(step, attempt);
  }

  /** This checkpoint's best-checkpoint marker, when it is the best. */
  public String bestMarker() {
    return CheckpointLayout.best(step, attempt);
  }

  /** The checkpoint a directory name belongs to, if it is one. */
  public static Optional<CheckpointName> ofDirectory(String fileName) {
    return parse(CheckpointLayout.DIRECTORY.matcher(fileName));
  }

  /** The checkpoint a commit marker's file name names, if it is one. */
  public static Optional<CheckpointName> ofMarker(String fileName) {
    return parse(CheckpointLayout.MARKER.matcher(fileName));
  }

  /** The checkpoint a best-checkpoint marker's file name names, if it is one. */
  public static Optional<CheckpointName> ofBestMarker(String fileName) {
    return parse(CheckpointLayout.BEST.matcher(fileName));
  }

  private static Optional<CheckpointName> parse(Matcher m) {
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new CheckpointName(Long.parseLong(m.group(1)), Integer.parseInt(m.group(2))));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
