package dev.segtpu.trainer.checkpoint;

import dev.segtpu.contract.CheckpointLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.stream.Stream;

/**
 * Attempt fencing without overwriting anything: each attempt that claims the directory creates its own
 * {@code fence-a<attempt>.json} (create-new, never replaced), and the highest attempt named by a fence
 * file or a commit marker owns the directory. An overwritten single fence file would be atomic on object
 * storage too, but one file per attempt also keeps the history and needs no read-modify-write.
 *
 * <p>A claim also records its <b>base</b>: the newest committed step it could see before it claimed. An
 * older attempt still running (cut off from the cluster) checks the fence before its commit marker, but
 * cannot check and create in one step: it may pass the check just before a newer attempt claims, and
 * commit just after. Such a commit has a step above the newer claim's base, and readers ignore it
 * ({@link #trusted}); the newer attempt therefore never resumes from work it could not see.
 */
final class Fence {

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

  private final Path root;
  private final int attempt;

  Fence(Path root, int attempt) {
    this.root = root;
    this.attempt = attempt;
  }

  /** Claims the directory: refuses if a higher attempt was here, then leaves this attempt's fence file. */
  void claim() throws IOException {
    check();
    Path file = root.resolve(CheckpointLayout.fence(attempt));
    long base = newestMarkedStep(root);
    try {
      DurableFiles.createNew(file, ("{\"attempt\":" + attempt + ",\"base\":" + base + "}\n").getBytes(StandardCharsets.UTF_8));
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
        Matcher fence = CheckpointLayout.FENCE.matcher(name);
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

  /** The highest step a commit marker's name carries (0 with none): what a claim made now could see. */
  private static long newestMarkedStep(Path root) throws IOException {
    long newest = 0;
    try (Stream<Path> entries = Files.list(root)) {
      for (Path entry : entries.toList()) {
        Optional<CheckpointName> marker = CheckpointName.ofMarker(entry.getFileName().toString());
        if (marker.isPresent()) {
          newest = Math.max(newest, marker.get().step());
        }
      }
    }
    return newest;
  }

  /**
   * Whether a checkpoint's commit counts: not when a newer attempt claimed the directory at a base below
   * its step, since then it was committed after that claim by an attempt already fenced out. Fences whose
   * file does not parse (being written) or carries no base set no bound.
   */
  static boolean trusted(CheckpointName checkpoint, Map<Integer, Long> basesByAttempt) {
    for (Map.Entry<Integer, Long> claim : basesByAttempt.entrySet()) {
      if (claim.getKey() > checkpoint.attempt() && checkpoint.step() > claim.getValue()) {
        return false;
      }
    }
    return true;
  }

  /** Each readable fence's attempt and base, for {@link #trusted}. */
  static Map<Integer, Long> bases(Path root) throws IOException {
    Map<Integer, Long> bases = new java.util.TreeMap<>();
    if (!Files.isDirectory(root)) {
      return bases;
    }
    try (Stream<Path> entries = Files.list(root)) {
      for (Path entry : entries.toList()) {
        Matcher fence = CheckpointLayout.FENCE.matcher(entry.getFileName().toString());
        if (!fence.matches()) {
          continue;
        }
        try {
          com.fasterxml.jackson.databind.JsonNode claim = JSON.readTree(Files.readAllBytes(entry));
          if (claim != null && claim.has("base")) {
            bases.put(parse(fence.group(1)), claim.get("base").asLong());
          }
        } catch (IOException e) {
          // a fence still being written: no bound yet
        }
      }
    }
    return bases;
  }

  private static int parse(String digits) {
    try {
      return Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      return Integer.MAX_VALUE;
    }
  }
}
