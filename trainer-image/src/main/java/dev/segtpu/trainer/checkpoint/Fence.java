package dev.segtpu.trainer.checkpoint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Attempt fencing without overwriting anything: each attempt that claims the directory creates its own
 * {@code fence-a<attempt>.json} (create-new, never replaced), and the highest attempt named by a fence
 * file or a commit marker owns the directory. An overwritten single fence file would be atomic on object
 * storage too, but one file per attempt also keeps the history and needs no read-modify-write.
 */
final class Fence {

  private static final Pattern FENCE = Pattern.compile("fence-a(\\d+)\\.json");

  private final Path root;
  private final int attempt;

  Fence(Path root, int attempt) {
    this.root = root;
    this.attempt = attempt;
  }

  /** Claims the directory: refuses if a higher attempt was here, then leaves this attempt's fence file. */
  void claim() throws IOException {
    check();
    Path file = root.resolve("fence-a" + attempt + ".json");
    try {
      DurableFiles.createNew(file, ("{\"attempt\":" + attempt + "}\n").getBytes(StandardCharsets.UTF_8));
      DurableFiles.syncDirectory(root);
    } catch (FileAlreadyExistsException e) {
      // This attempt claimed before (its container restarted): the claim stands.
    }
    check();
  }

  /** @throws FencedException if a higher attempt claimed the directory or committed a checkpoint in it */
  void check() throws IOException {
    int highest = highestAttempt();
    if (highest > attempt) {
      throw new FencedException("checkpoint directory " + root + " belongs to attempt " + highest
          + ", newer than this attempt " + attempt + ": refusing to write");
    }
  }

  /** Read from file names only: a fence file or marker still being written already counts. */
  private int highestAttempt() throws IOException {
    int highest = 0;
    try (Stream<Path> entries = Files.list(root)) {
      for (Path entry : entries.toList()) {
        String name = entry.getFileName().toString();
        Matcher fence = FENCE.matcher(name);
        Optional<CheckpointName> marker = CheckpointName.ofMarker(name);
        if (fence.matches()) {
          highest = Math.max(highest, parse(fence.group(1)));
        } else if (marker.isPresent()) {
          highest = Math.max(highest, marker.get().attempt());
        }
      }
    }
    return highest;
  }

  private static int parse(String digits) {
    try {
      return Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      return Integer.MAX_VALUE;
    }
  }
}
