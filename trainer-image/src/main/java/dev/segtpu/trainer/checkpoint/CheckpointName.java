package dev.segtpu.trainer.checkpoint;

import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The unique name of one checkpoint: its step and the attempt that wrote it. The attempt is part of the
 * name so two attempts never write the same objects: a stale attempt still writing cannot corrupt the
 * checkpoint a newer attempt commits at the same step, and no object is ever overwritten.
 *
 * <p>{@code ckpt-<step, 12 digits>-a<attempt>/} holds the variables; {@code ckpt-<step>-a<attempt>.commit.json}
 * beside it is the commit marker, written last.
 */
public record CheckpointName(long step, int attempt) {

  /** Oldest first: by step, then by attempt (two attempts reach the same step only by redoing it). */
  public static final Comparator<CheckpointName> ORDER =
      Comparator.comparingLong(CheckpointName::step).thenComparingInt(CheckpointName::attempt);

  private static final String MARKER_SUFFIX = ".commit.json";
  private static final Pattern DIRECTORY = Pattern.compile("ckpt-(\\d{12})-a(\\d+)");
  private static final Pattern MARKER = Pattern.compile("ckpt-(\\d{12})-a(\\d+)" + Pattern.quote(MARKER_SUFFIX));

  public String directory() {
    return String.format("ckpt-%012d-a%d", step, attempt);
  }

  public String marker() {
    return directory() + MARKER_SUFFIX;
  }

  /** The checkpoint a directory name belongs to, if it is one. */
  public static Optional<CheckpointName> ofDirectory(String fileName) {
    return parse(DIRECTORY.matcher(fileName));
  }

  /** The checkpoint a commit marker's file name names, if it is one. */
  public static Optional<CheckpointName> ofMarker(String fileName) {
    return parse(MARKER.matcher(fileName));
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
