package dev.segtpu.trainer.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job's checkpoint directory, written so that it stays consistent on POSIX disks and on object storage
 * mounted with Cloud Storage FUSE alike (docs/trainer-contract.md, "Storage assumptions").
 *
 * <p>Layout: {@code ckpt-<step>-a<attempt>/} holds {@code variables.index} and {@code variables.data-*};
 * {@code ckpt-<step>-a<attempt>.commit.json} beside it is the commit marker (the metadata, with each file's
 * size and SHA-256); {@code fence-a<attempt>.json} records each attempt that claimed the directory.
 *
 * <p>Commit protocol: the variables are written straight under the checkpoint's final, unique name and
 * fsynced; the fence is checked once more; then the marker is created with one write and closed. The
 * marker is the commit point because creating one small object is the one thing object storage does
 * atomically (a directory rename, the old commit point, is refused by gcsfuse on flat buckets and is copy
 * then delete elsewhere). A crash before the marker leaves a directory nobody trusts; it is removed once
 * it can no longer be in progress. Keep-N deletes a marker before its directory, so a half-deleted
 * checkpoint is never trusted either.
 *
 * <p>Checkpoints in the earlier layout ({@code manifest.json}, {@code fence.json}, {@code ckpt-<step>/}) are
 * not read: the contract is v1alpha1 and promises no compatibility.
 */
public final class CheckpointDirectory {

  static final String VARIABLES = "variables";
  private static final Logger LOG = LoggerFactory.getLogger(CheckpointDirectory.class);

  private final Path root;
  private final int attempt;
  private final int keep;
  private final Fence fence;
  private final CommittedCheckpoints committed;
  private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Writes the variables under a prefix (TensorFlow's Session.save with {@code prefix.toString()}). */
  @FunctionalInterface
  public interface VariablesWriter {
    void write(Path prefix) throws IOException;
  }

  /** Loads a checkpoint into the session and checks it; throws if it cannot be used. */
  @FunctionalInterface
  public interface VariablesReader {
    void read(Checkpoint checkpoint) throws Exception;
  }

  public CheckpointDirectory(Path root, int attempt, int keep) {
    this.root = root;
    this.attempt = attempt;
    this.keep = keep;
    this.fence = new Fence(root, attempt);
    this.committed = CommittedCheckpoints.of(root);
  }

  public Path root() {
    return root;
  }

  /** This directory's committed checkpoints, read-only. */
  public CommittedCheckpoints committed() {
    return committed;
  }

  /**
   * Claims the directory for this attempt.
   *
   * @throws FencedException if a higher attempt already claimed it or wrote a checkpoint
   */
  public void claim() {
    try {
      Files.createDirectories(root);
      fence.claim();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot claim checkpoint directory " + root, e);
    }
  }

  /**
   * Writes and commits a checkpoint, then drops the oldest beyond {@code keep} and removes leftovers of
   * interrupted saves.
   *
   * @throws FencedException if a newer attempt claimed the directory meanwhile
   */
  public Checkpoint save(CheckpointMetadata metadata, VariablesWriter writer) throws IOException {
    fence.check();
    CheckpointName name = new CheckpointName(metadata.step(), attempt);
    Path marker = root.resolve(name.marker());
    Optional<Checkpoint> already = Files.exists(marker) ? CommittedCheckpoints.read(marker) : Optional.empty();
    if (already.isPresent()) {
      // The same attempt at the same step holds the same state (a SIGTERM right after a periodic save).
      return already.get();
    }
    if (Files.exists(marker)) {
      Files.delete(marker); // cut short in this attempt's previous container: never a commit
    }
    Path directory = root.resolve(name.directory());
    DurableFiles.deleteRecursively(directory); // left by this attempt's previous container, never committed
    Files.createDirectories(directory);
    writer.write(directory.resolve(VARIABLES));
    Map<String, CheckpointMetadata.FileDigest> digests = new TreeMap<>();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.toList()) {
        DurableFiles.sync(file);
        digests.put(file.getFileName().toString(), DurableFiles.digest(file));
      }
    }
    DurableFiles.syncDirectory(directory);
    CheckpointMetadata complete = new CheckpointMetadata(metadata.step(), attempt, metadata.epoch(), metadata.position(),
        metadata.learningRate(), metadata.loss(), metadata.time(), digests);
    fence.check();
    DurableFiles.createNew(marker, json.writeValueAsBytes(complete));
    DurableFiles.syncDirectory(root);
    Checkpoint saved = new Checkpoint(directory, complete);
    removeBeyondKeep(saved);
    removeLeftovers();
    return saved;
  }

  /**
   * Restores the newest checkpoint that verifies and loads, falling back to older ones when a checkpoint
   * is damaged (missing or altered files, or the reader rejects it).
   */
  public RestoreOutcome restoreNewest(VariablesReader reader) throws IOException {
    return committed.restoreNewest(reader);
  }

  /**
   * The best checkpoint: the newest best marker whose checkpoint is committed (a marker whose checkpoint is
   * gone, or does not parse, does not count).
   */
  public Optional<BestMarker> best() throws IOException {
    Set<CheckpointName> committedNames = new HashSet<>();
    for (Checkpoint c : committed.list()) {
      committedNames.add(c.name());
    }
    List<CheckpointName> names = bestMarkerNames().stream().filter(committedNames::contains)
        .sorted(CheckpointName.ORDER.reversed()).toList();
    for (CheckpointName name : names) {
      Path file = root.resolve(name.bestMarker());
      try {
        BestMarker marker = json.readValue(Files.readAllBytes(file), BestMarker.class);
        if (marker.checkpoint().equals(name)) {
          return Optional.of(marker);
        }
      } catch (IOException e) {
        LOG.warn("ignoring best-checkpoint marker {}: {}", file, e.getMessage());
      }
    }
    return Optional.empty();
  }

  /**
   * Records {@code best} as the best checkpoint (it must be committed), then deletes the older best markers.
   *
   * @throws FencedException if a newer attempt claimed the directory meanwhile
   */
  public void markBest(BestMarker best) throws IOException {
    if (committed.list().stream().noneMatch(c -> c.name().equals(best.checkpoint()))) {
      throw new IllegalStateException("checkpoint " + best.checkpoint() + " is not committed: it cannot be the best");
    }
    fence.check();
    Path file = root.resolve(best.checkpoint().bestMarker());
    if (!Files.exists(file)) {
      DurableFiles.createNew(file, json.writeValueAsBytes(best));
      DurableFiles.syncDirectory(root);
    }
    for (CheckpointName older : bestMarkerNames()) {
      if (CheckpointName.ORDER.compare(older, best.checkpoint()) < 0) {
        Files.deleteIfExists(root.resolve(older.bestMarker()));
      }
    }
  }

  private List<CheckpointName> bestMarkerNames() throws IOException {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(root)) {
      return entries.map(p -> CheckpointName.ofBestMarker(p.getFileName().toString())).flatMap(Optional::stream).toList();
    }
  }

  /**
   * Deletes the oldest committed checkpoints beyond {@code keep}: marker first, then directory. Never the
   * newest (which may be another attempt's, at a higher step), the one just saved, nor the best
   * ({@link #best}), which the export restores and which keep-N would otherwise drop once training
   * moves past it. A checkpoint being
   * restored is safe too: this attempt's own restore finished before its first save, and a newer
   * attempt restoring here has claimed the directory first, which the fence check before each deletion
   * notices (a newer attempt falls back to an older checkpoint, one keep-N might take, only when the
   * newer ones fail). What remains is the time of one file operation between a check and its deletion.
   */
  private void removeBeyondKeep(Checkpoint saved) throws IOException {
    List<Checkpoint> all = committed.list();
    if (all.size() <= keep) {
      return;
    }
    Set<CheckpointName> spared = new HashSet<>(List.of(all.get(all.size() - 1).name(), saved.name()));
    best().ifPresent(b -> spared.add(b.checkpoint()));
    for (Checkpoint old : all.subList(0, all.size() - keep)) {
      if (!spared.contains(old.name())) {
        fence.check();
        Files.delete(old.marker());
        DurableFiles.deleteRecursively(old.directory());
      }
    }
  }

  /**
   * Removes checkpoint directories without a committed marker, and markers that do not parse, once they
   * can no longer be in progress: written by a lower attempt (fenced out), or at a lower step than the
   * newest committed checkpoint (this attempt saves in step order). A newer attempt's are never touched:
   * the fence check stops this attempt first.
   */
  private void removeLeftovers() throws IOException {
    List<Checkpoint> all = committed.list();
    long newestStep = all.isEmpty() ? -1 : all.get(all.size() - 1).metadata().step();
    Set<String> kept = new HashSet<>();
    for (Checkpoint c : all) {
      kept.add(c.name().directory());
      kept.add(c.name().marker());
    }
    fence.check();
    List<Path> entries;
    try (Stream<Path> list = Files.list(root)) {
      entries = list.toList();
    }
    for (Path entry : entries) {
      String fileName = entry.getFileName().toString();
      Optional<CheckpointName> name = CheckpointName.ofDirectory(fileName).or(() -> CheckpointName.ofMarker(fileName));
      if (name.isEmpty() || kept.contains(fileName)) {
        continue;
      }
      if (name.get().attempt() < attempt || name.get().step() < newestStep) {
        LOG.info("removing {}, left by a save that never committed", entry);
        DurableFiles.deleteRecursively(entry);
      }
    }
  }
}
