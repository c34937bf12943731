package dev.segtpu.trainer.checkpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The checkpoints of an earlier job named by SEGTPU_RESUME_FROM_DIR ({@code spec.checkpoint.resumeFrom}),
 * read only: this job never claims a fence, writes or deletes there, so the earlier job's directory stays
 * exactly as it was and could even be shared by several jobs resuming from it.
 */
public final class EarlierJob {

  private EarlierJob() {}

  /**
   * The committed checkpoints under {@code resumeFrom}: either one incarnation
   * ({@code <root>/<namespace>/<name>/<uid>}, holding commit markers itself) or every incarnation of a name
   * ({@code <root>/<namespace>/<name>}, whose subdirectories hold them), leaving out this job's own
   * directory when it is one of those subdirectories.
   */
  public static CommittedCheckpoints checkpoints(Path resumeFrom, Path ownDirectory) throws IOException {
    if (!CommittedCheckpoints.markers(resumeFrom).isEmpty() || !Files.isDirectory(resumeFrom)) {
      return CommittedCheckpoints.of(resumeFrom);
    }
    Path own = ownDirectory.toAbsolutePath().normalize();
    List<Path> incarnations;
    try (Stream<Path> entries = Files.list(resumeFrom)) {
      incarnations = entries.filter(Files::isDirectory)
          .filter(p -> !p.toAbsolutePath().normalize().equals(own))
          .sorted()
          .toList();
    }
    return new CommittedCheckpoints(incarnations);
  }
}
