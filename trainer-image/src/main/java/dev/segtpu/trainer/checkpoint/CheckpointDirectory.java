package dev.segtpu.trainer.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job's checkpoint directory.
 *
 * <p>Layout: {@code ckpt-<step>/} holds {@code variables.index}, {@code variables.data-*} and
 * {@code metadata.json}; {@code manifest.json} lists the complete checkpoints, oldest first;
 * {@code fence.json} holds the highest attempt that has claimed the directory.
 *
 * <p>Writing is atomic: the checkpoint is written into a {@code .tmp-} directory, flushed, renamed, and
 * only then added to the manifest (itself replaced by an atomic rename). A crash at any point leaves
 * the manifest naming complete checkpoints only; leftovers are removed on the next write.
 *
 * <p>Fencing: an attempt claims the directory on start and checks the claim before every write, so an
 * attempt that outlived its replacement cannot overwrite the newer attempt's progress.
 */
public final class CheckpointDirectory {

  static final String VARIABLES = "variables";
  private static final String MANIFEST = "manifest.json";
  private static final String FENCE = "fence.json";
  private static final String METADATA = "metadata.json";
  private static final String TEMPORARY = ".tmp-";
  private static final Logger LOG = LoggerFactory.getLogger(CheckpointDirectory.class);

  private final Path root;
  private final int attempt;
  private final int keep;
  private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Writes the variables under a prefix (TensorFlow's Session.save). */
  @FunctionalInterface
  public interface VariablesWriter {
    void write(String prefix) throws IOException;
  }

  /** Loads a checkpoint into the session and checks it; throws if it cannot be used. */
  @FunctionalInterface
  public interface VariablesReader {
    void read(Checkpoint checkpoint) throws Exception;
  }

  private record Manifest(List<String> complete) {}

  private record Fence(int attempt) {}

  public CheckpointDirectory(Path root, int attempt, int keep) {
    this.root = root;
    this.attempt = attempt;
    this.keep = keep;
  }

  public Path root() {
    return root;
  }

  /**
   * Claims the directory for this attempt.
   *
   * @throws FencedException if a higher attempt already claimed it or wrote a checkpoint
   */
  public void claim() {
    try {
      Files.createDirectories(root);
      checkFence();
      writeAtomically(root.resolve(FENCE), json.writeValueAsBytes(new Fence(attempt)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot claim checkpoint directory " + root, e);
    }
  }

  private void checkFence() throws IOException {
    int highest = highestAttempt();
    if (highest > attempt) {
      throw new FencedException("checkpoint directory " + root + " belongs to attempt " + highest
          + ", newer than this attempt " + attempt + ": refusing to write");
    }
  }

  /** Highest attempt in the fence file or in any complete checkpoint's metadata. */
  private int highestAttempt() throws IOException {
    int highest = 0;
    Path fence = root.resolve(FENCE);
    if (Files.exists(fence)) {
      highest = json.readValue(fence.toFile(), Fence.class).attempt();
    }
    for (String name : manifest()) {
      Optional<CheckpointMetadata> metadata = metadata(root.resolve(name));
      if (metadata.isPresent()) {
        highest = Math.max(highest, metadata.get().attempt());
      }
    }
    return highest;
  }

  /**
   * Writes a checkpoint atomically, adds it to the manifest and drops the oldest beyond {@code keep}.
   *
   * @throws FencedException if a newer attempt claimed the directory meanwhile
   */
  public Checkpoint save(CheckpointMetadata metadata, VariablesWriter writer) throws IOException {
    checkFence();
    removeLeftovers();
    String name = String.format("ckpt-%012d", metadata.step());
    Path temporary = root.resolve(TEMPORARY + name + "-" + attempt + "-" + System.nanoTime());
    Files.createDirectories(temporary);
    writer.write(temporary.resolve(VARIABLES).toString());
    Map<String, CheckpointMetadata.FileDigest> digests = new TreeMap<>();
    try (Stream<Path> files = Files.list(temporary)) {
      for (Path file : files.toList()) {
        digests.put(file.getFileName().toString(), digest(file));
        flush(file);
      }
    }
    CheckpointMetadata complete = metadata.withFiles(digests);
    writeAtomically(temporary.resolve(METADATA), json.writeValueAsBytes(complete));
    flush(temporary);
    Path target = root.resolve(name);
    if (Files.exists(target)) {
      deleteRecursively(target);
    }
    Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
    checkFence();
    List<String> names = new ArrayList<>(manifest());
    names.remove(name);
    names.add(name);
    List<String> dropped = names.size() > keep ? new ArrayList<>(names.subList(0, names.size() - keep)) : List.of();
    names.removeAll(dropped);
    writeAtomically(root.resolve(MANIFEST), json.writeValueAsBytes(new Manifest(names)));
    for (String old : dropped) {
      deleteRecursively(root.resolve(old));
    }
    return new Checkpoint(target, complete);
  }

  /**
   * Restores the newest checkpoint that verifies and loads, falling back to older ones when a checkpoint
   * is damaged (missing or altered files, or the reader rejects it).
   */
  public Optional<Checkpoint> restoreNewest(VariablesReader reader) throws IOException {
    List<String> names = new ArrayList<>(manifest());
    for (int i = names.size() - 1; i >= 0; i--) {
      Path directory = root.resolve(names.get(i));
      Optional<CheckpointMetadata> metadata = metadata(directory);
      if (metadata.isEmpty()) {
        LOG.warn("checkpoint {} has no readable metadata; trying an older one", directory);
        continue;
      }
      Optional<String> damage = damage(directory, metadata.get());
      if (damage.isPresent()) {
        LOG.warn("checkpoint {} is damaged ({}); trying an older one", directory, damage.get());
        continue;
      }
      Checkpoint checkpoint = new Checkpoint(directory, metadata.get());
      try {
        reader.read(checkpoint);
        return Optional.of(checkpoint);
      } catch (Exception e) {
        LOG.warn("checkpoint {} could not be restored ({}); trying an older one", directory, e.getMessage());
      }
    }
    return Optional.empty();
  }

  /** Complete checkpoints, oldest first. */
  public List<String> manifest() throws IOException {
    Path manifest = root.resolve(MANIFEST);
    if (!Files.exists(manifest)) {
      return List.of();
    }
    return json.readValue(manifest.toFile(), Manifest.class).complete();
  }

  private Optional<CheckpointMetadata> metadata(Path directory) {
    try {
      return Optional.of(json.readValue(directory.resolve(METADATA).toFile(), CheckpointMetadata.class));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> damage(Path directory, CheckpointMetadata metadata) throws IOException {
    for (Map.Entry<String, CheckpointMetadata.FileDigest> e : metadata.files().entrySet()) {
      Path file = directory.resolve(e.getKey());
      if (!Files.exists(file)) {
        return Optional.of(e.getKey() + " is missing");
      }
      CheckpointMetadata.FileDigest actual = digest(file);
      if (actual.size() != e.getValue().size()) {
        return Optional.of(e.getKey() + " has " + actual.size() + " bytes, expected " + e.getValue().size());
      }
      if (!actual.sha256().equals(e.getValue().sha256())) {
        return Optional.of(e.getKey() + " has SHA-256 " + actual.sha256() + ", expected " + e.getValue().sha256());
      }
    }
    return Optional.empty();
  }

  private void removeLeftovers() throws IOException {
    try (Stream<Path> entries = Files.list(root)) {
      for (Path p : entries.filter(p -> p.getFileName().toString().startsWith(TEMPORARY)).toList()) {
        deleteRecursively(p);
      }
    }
  }

  private static CheckpointMetadata.FileDigest digest(Path file) throws IOException {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    long size = 0;
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        sha.update(buffer, 0, n);
        size += n;
      }
    }
    return new CheckpointMetadata.FileDigest(size, HexFormat.of().formatHex(sha.digest()));
  }

  private static void writeAtomically(Path target, byte[] content) throws IOException {
    Path temporary = target.resolveSibling(TEMPORARY + target.getFileName() + "-" + System.nanoTime());
    Files.write(temporary, content);
    flush(temporary);
    try {
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** fsync, so a renamed checkpoint is on disk before the manifest names it. */
  private static void flush(Path path) throws IOException {
    if (Files.isDirectory(path)) {
      return;
    }
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
  }

  private static void deleteRecursively(Path path) throws IOException {
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
