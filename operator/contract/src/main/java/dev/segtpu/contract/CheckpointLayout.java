package dev.segtpu.contract;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The names in {@code SEGTPU_CHECKPOINT_DIR} (docs/trainer-contract.md, "Checkpoints"), defined once: the
 * trainer and the sandbox's stand-in write and read them, so the stand-in exercises the real commit and
 * fencing protocol. Steps are zero-padded to twelve digits so names sort by step; digits are ASCII in
 * every locale, so every process spells a name alike.
 *
 * <p>The patterns match a whole file name: group 1 is the step (the attempt for {@link #FENCE}), group 2
 * the attempt. Their numbers may exceed what an {@code int} or {@code long} holds; callers decide what
 * such a name means.
 */
public final class CheckpointLayout {

  private CheckpointLayout() {}

  /** What a commit marker adds to its checkpoint's directory name. */
  public static final String MARKER_SUFFIX = ".commit.json";

  /** {@code ckpt-<step, 12 digits>-a<attempt>}: a checkpoint's directory, under its final name. */
  public static final Pattern DIRECTORY = Pattern.compile("ckpt-(\\d{12})-a(\\d+)");
  /** {@code ckpt-<step>-a<attempt>.commit.json}: the commit marker beside the directory, created last. */
  public static final Pattern MARKER = Pattern.compile(DIRECTORY.pattern() + Pattern.quote(MARKER_SUFFIX));
  /** {@code fence-a<attempt>.json}: an attempt's claim of the directory. */
  public static final Pattern FENCE = Pattern.compile("fence-a(\\d+)\\.json");
  /** {@code best-<step, 12 digits>-a<attempt>.json}: names the checkpoint with the best evaluation. */
  public static final Pattern BEST = Pattern.compile("best-(\\d{12})-a(\\d+)\\.json");

  public static String directory(long step, int attempt) {
    return String.format(Locale.ROOT, "ckpt-%012d-a%d", step, attempt);
  }

  public static String marker(long step, int attempt) {
    return directory(step, attempt) + MARKER_SUFFIX;
  }

  public static String fence(int attempt) {
    return "fence-a" + attempt + ".json";
  }

  public static String best(long step, int attempt) {
    return String.format(Locale.ROOT, "best-%012d-a%d.json", step, attempt);
  }
}
