package dev.segtpu.sandbox.standin;

import dev.segtpu.contract.CheckpointLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The stand-in's checkpoint directory, following the real trainer's commit and fencing protocol
 * (docs/trainer-contract.md, "Checkpoints"), with the names of {@link CheckpointLayout}, so that operator
 * tests exercise the same protocol:
 * {@code ckpt-<step, 12 digits>-a<attempt>/state} holds the step, the marker
 * {@code ckpt-<step>-a<attempt>.commit.json} beside it is created last (create-new, never renamed) and
 * names the state file's size and SHA-256, and each attempt claims the directory with its own
 * {@code fence-a<attempt>.json}. The highest attempt named by a fence or a marker owns the directory.
 *
 * <p>What differs from the real trainer: no fsync (the sandbox never loses power), and no keep-N
 * clean-up, so tests can check every checkpoint ever committed.
 */
final class StandInCheckpoints {

  private static final Pattern FIELD = Pattern.compile("\"(\\w+)\":\"?([^,\"}]*)\"?");
  private static final String STATE = "state";

  private final Path root;

  StandInCheckpoints(Path root) {
    this.root = root;
  }

  /** Creates this attempt's fence file; false when a higher attempt already owns the directory. */
  boolean claim(int attempt) throws IOException {
    Files.createDirectories(root);
    if (owner() > attempt) {
      return false;
    }
    Path fence = root.resolve(CheckpointLayout.fence(attempt));
    // the base: the newest step this claim could see, so a late commit of an older attempt is never trusted
    long base = committed().stream().mapToLong(CommittedCheckpoint::step).max().orElse(0);
    try {
      createNew(fence, "{\"attempt\":" + attempt + ",\"base\":" + base + ",\"time\":\"" + Instant.now() + "\"}\n");
    } catch (java.nio.file.FileAlreadyExistsException e) {
      // another worker of this attempt (multi-host gangs claim from every host) or a restarted container
    }
    return owner() <= attempt;
  }

  /** The highest attempt named by a fence file or a commit marker (file names only, as the trainer reads them). */
  int owner() throws IOException {
    int highest = 0;
    try (Stream<Path> entries = Files.list(root)) {
      for (Path entry : entries.toList()) {
        String name = entry.getFileName().toString();
        Matcher fence = CheckpointLayout.FENCE.matcher(name);
        Matcher marker = CheckpointLayout.MARKER.matcher(name);
        if (fence.matches()) {
          highest = Math.max(highest, Integer.parseInt(fence.group(1)));
        } else if (marker.matches()) {
          highest = Math.max(highest, Integer.parseInt(marker.group(2)));
        }
      }
    }
    return highest;
  }

  /**
   * Writes the state under its unique name, checks the fence once more, then commits with the marker.
   * Returns false, having committed nothing, when a higher attempt owns the directory.
   */
  boolean save(long step, int attempt) throws IOException {
    if (owner() > attempt) {
      return false;
    }
    Path marker = root.resolve(CheckpointLayout.marker(step, attempt));
    if (Files.exists(marker)) {
      return true;  // the same attempt at the same step holds the same state (SIGTERM right after a save)
    }
    Path directory = Files.createDirectories(root.resolve(CheckpointLayout.directory(step, attempt)));
    byte[] state = (step + " " + attempt).getBytes(StandardCharsets.UTF_8);
    Files.write(directory.resolve(STATE), state);
    if (owner() > attempt) {
      return false;
    }
    createNew(marker, String.format("{\"step\":%d,\"attempt\":%d,\"time\":\"%s\",\"size\":%d,\"sha256\":\"%s\"}%n",
        step, attempt, Instant.now(), state.length, sha256(state)));
    return true;
  }

  /** The newest committed checkpoint whose state matches its marker, by step then attempt. */
  Optional<CommittedCheckpoint> restoreNewest() throws IOException {
    List<CommittedCheckpoint> all = committed();
    for (int i = all.size() - 1; i >= 0; i--) {
      if (restores(all.get(i))) {
        return Optional.of(all.get(i));
      }
    }
    return Optional.empty();
  }

  /** Every committed checkpoint, oldest first (by step, then attempt). Markers that do not parse are ignored. */
  List<CommittedCheckpoint> committed() throws IOException {
    List<CommittedCheckpoint> all = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return all;
    }
    java.util.Map<Integer, Long> bases = new TreeMap<>();
    try (Stream<Path> entries = Files.list(root)) {
      for (Path entry : entries.toList()) {
        Matcher fence = CheckpointLayout.FENCE.matcher(entry.getFileName().toString());
        String base = fence.matches() ? fields(readOrEmpty(entry)).get("base") : null;
        if (base != null) {
          bases.put(Integer.parseInt(fence.group(1)), Long.parseLong(base));
        }
      }
    }
    try (Stream<Path> entries = Files.list(root)) {
      for (Path entry : entries.toList()) {
        if (CheckpointLayout.MARKER.matcher(entry.getFileName().toString()).matches()) {
          // as the trainer: a commit above the base of a newer attempt's claim landed after that claim
          parse(readOrEmpty(entry)).filter(c -> bases.entrySet().stream()
              .noneMatch(b -> b.getKey() > c.attempt() && c.step() > b.getValue())).ifPresent(all::add);
        }
      }
    }
    all.sort(Comparator.comparingLong(CommittedCheckpoint::step).thenComparingInt(CommittedCheckpoint::attempt));
    return all;
  }

  /** Each fence file's attempt and the time it was claimed. */
  TreeMap<Integer, Instant> fences() throws IOException {
    TreeMap<Integer, Instant> fences = new TreeMap<>();
    try (Stream<Path> entries = Files.list(root)) {
      for (Path entry : entries.toList()) {
        Matcher fence = CheckpointLayout.FENCE.matcher(entry.getFileName().toString());
        if (fence.matches()) {
          fences.put(Integer.parseInt(fence.group(1)), Instant.parse(fields(Files.readString(entry)).get("time")));
        }
      }
    }
    return fences;
  }

  /** Whether the checkpoint's state file is there, matches the marker's size and digest, and holds its step. */
  boolean restores(CommittedCheckpoint checkpoint) throws IOException {
    Path state = root.resolve(CheckpointLayout.directory(checkpoint.step(), checkpoint.attempt())).resolve(STATE);
    if (!Files.exists(state)) {
      return false;
    }
    byte[] bytes = Files.readAllBytes(state);
    return bytes.length == checkpoint.size() && sha256(bytes).equals(checkpoint.sha256())
        && new String(bytes, StandardCharsets.UTF_8).equals(checkpoint.step() + " " + checkpoint.attempt());
  }

  private static Optional<CommittedCheckpoint> parse(String marker) {
    try {
      var fields = fields(marker);
      return Optional.of(new CommittedCheckpoint(Long.parseLong(fields.get("step")), Integer.parseInt(fields.get("attempt")),
          Instant.parse(fields.get("time")), Long.parseLong(fields.get("size")), fields.get("sha256")));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static java.util.Map<String, String> fields(String json) {
    java.util.Map<String, String> fields = new java.util.HashMap<>();
    Matcher m = FIELD.matcher(json);
    while (m.find()) {
      fields.put(m.group(1), m.group(2));
    }
    return fields;
  }

  private static String readOrEmpty(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "";
    }
  }

  private static void createNew(Path file, String content) throws IOException {
    Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
