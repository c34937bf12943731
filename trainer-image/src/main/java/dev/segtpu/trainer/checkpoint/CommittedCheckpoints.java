package dev.segtpu.trainer.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The committed checkpoints of one or more directories, read-only: the reader side of the commit
 * protocol. A checkpoint counts only when a commit marker names it and the marker parses; a marker cut
 * short (a crash while writing it on POSIX) is ignored, and so is every directory without a marker (a
 * save still running or interrupted). Before a checkpoint is offered for restoring, each of its files is
 * checked against the size and SHA-256 the marker recorded. Nothing here writes, so it can read an
 * earlier job's directory (SEGTPU_RESUME_FROM_DIR) without touching it.
 */
public final class CommittedCheckpoints {

  private static final Logger LOG = LoggerFactory.getLogger(CommittedCheckpoints.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Comparator<Checkpoint> ORDER = Comparator.comparing(Checkpoint::name, CheckpointName.ORDER)
      .thenComparing(c -> c.directory().toString());

  private final List<Path> directories;

  public CommittedCheckpoints(List<Path> directories) {
    this.directories = List.copyOf(directories);
  }

  public static CommittedCheckpoints of(Path directory) {
    return new CommittedCheckpoints(List.of(directory));
  }

  public List<Path> directories() {
    return directories;
  }

  /** Every committed checkpoint, oldest first (by step, then attempt). */
  public List<Checkpoint> list() throws IOException {
    List<Checkpoint> committed = new ArrayList<>();
    for (Path directory : directories) {
      Map<Integer, Long> bases = Fence.bases(directory);
      for (Path marker : markers(directory)) {
        read(marker).filter(checkpoint -> {
          boolean trusted = Fence.trusted(checkpoint.name(), bases);
          if (!trusted) {
            LOG.warn("ignoring {}: committed by attempt {} after a newer attempt claimed the directory", marker,
                checkpoint.name().attempt());
          }
          return trusted;
        }).ifPresent(committed::add);
      }
    }
    committed.sort(ORDER);
    return committed;
  }

  /** The commit marker files in {@code directory}, whether or not they parse. */
  static List<Path> markers(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(directory)) {
      return entries.filter(p -> CheckpointName.ofMarker(p.getFileName().toString()).isPresent()).sorted().toList();
    }
  }

  /** The checkpoint a marker commits, or empty when the marker does not parse or contradicts its own name. */
  static Optional<Checkpoint> read(Path marker) {
    CheckpointName name = CheckpointName.ofMarker(marker.getFileName().toString()).orElseThrow();
    CheckpointMetadata metadata;
    try {
      metadata = JSON.readValue(Files.readAllBytes(marker), CheckpointMetadata.class);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      LOG.warn("ignoring commit marker {}: it does not parse ({}), a write that never finished", marker, e.getMessage());
      return Optional.empty();
    }
    if (metadata.step() != name.step() || metadata.attempt() != name.attempt() || metadata.files() == null
        || metadata.files().isEmpty()) {
      LOG.warn("ignoring commit marker {}: its content does not match its name or lists no files", marker);
      return Optional.empty();
    }
    return Optional.of(new Checkpoint(marker.resolveSibling(name.directory()), metadata));
  }

  /**
   * Restores the newest checkpoint that verifies and loads, falling back to older ones when a checkpoint
   * is damaged (missing or altered files, or the reader rejects it).
   */
  public RestoreOutcome restoreNewest(CheckpointDirectory.VariablesReader reader) throws IOException {
    List<Checkpoint> committed = list();
    List<String> damage = new ArrayList<>();
    for (int i = committed.size() - 1; i >= 0; i--) {
      Checkpoint checkpoint = committed.get(i);
      Optional<String> problem = damage(checkpoint);
      if (problem.isEmpty()) {
        try {
          reader.read(checkpoint);
          return new RestoreOutcome(directories, Optional.of(checkpoint), damage);
        } catch (Exception e) {
          problem = Optional.of("restoring it failed: " + e.getMessage());
        }
      }
      LOG.warn("checkpoint {} is damaged ({}); trying an older one", checkpoint.directory(), problem.get());
      damage.add(checkpoint.directory().getFileName() + ": " + problem.get());
    }
    return new RestoreOutcome(directories, Optional.empty(), damage);
  }

  /** Why the checkpoint's files do not match what its marker recorded, if they do not. */
  static Optional<String> damage(Checkpoint checkpoint) throws IOException {
    for (Map.Entry<String, CheckpointMetadata.FileDigest> e : checkpoint.metadata().files().entrySet()) {
      Path file = checkpoint.directory().resolve(e.getKey());
      if (!Files.exists(file)) {
        return Optional.of(e.getKey() + " is missing");
      }
      CheckpointMetadata.FileDigest actual = DurableFiles.digest(file);
      if (actual.size() != e.getValue().size()) {
        return Optional.of(e.getKey() + " has " + actual.size() + " bytes, expected " + e.getValue().size());
      }
      if (!actual.sha256().equals(e.getValue().sha256())) {
        return Optional.of(e.getKey() + " has SHA-256 " + actual.sha256() + ", expected " + e.getValue().sha256());
      }
    }
    return Optional.empty();
  }
}
