package dev.segtpu.sandbox.standin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What the {@link StandInTrainer} did in a job's checkpoint folder, for benchmarks and tests: the
 * checkpoint directory itself (commit markers and fence files, with their times), and beside it, one
 * file per attempt so that two attempts alive at once never write the same file: the checkpoint each
 * attempt restored ({@code standin-start-a<attempt>}), the furthest step it reached
 * ({@code standin-reached-<attempt>}) and the step at which a save was refused by the fence
 * ({@code standin-fenced-a<attempt>}). Only worker 0 writes them.
 */
public record StandInRecord(Path folder) {

  static final String REACHED_PREFIX = "standin-reached-";
  private static final String START_PREFIX = "standin-start-a";
  private static final String FENCED_PREFIX = "standin-fenced-a";

  /** The record under {@code storage} (the operator gives each job its own folder there). */
  public static StandInRecord find(Path storage) throws IOException {
    try (var files = Files.walk(storage)) {
      return new StandInRecord(files.filter(f -> f.getFileName().toString().startsWith(START_PREFIX)).findFirst()
          .orElseThrow(() -> new IllegalStateException("no stand-in trainer started under " + storage)).getParent());
    }
  }

  void started(int attempt, int worker, Optional<CommittedCheckpoint> restored) throws IOException {
    if (worker == 0) {
      write(START_PREFIX + attempt, restored.map(c -> c.step() + " " + c.attempt()).orElse("0 0"));
    }
  }

  void reached(int attempt, int worker, long step) throws IOException {
    if (worker == 0) {
      write(REACHED_PREFIX + attempt, String.valueOf(step));
    }
  }

  void fenced(int attempt, int worker, long step) throws IOException {
    if (worker == 0) {
      write(FENCED_PREFIX + attempt, String.valueOf(step));
    }
  }

  /** Every checkpoint committed (the stand-in keeps them all), oldest first. */
  public List<CommittedCheckpoint> committed() throws IOException {
    return new StandInCheckpoints(folder).committed();
  }

  /** Whether a committed checkpoint's files are there and match its marker. */
  public boolean restores(CommittedCheckpoint checkpoint) throws IOException {
    return new StandInCheckpoints(folder).restores(checkpoint);
  }

  /** When each attempt claimed the directory (its fence file). */
  public Map<Integer, Instant> claims() throws IOException {
    return new StandInCheckpoints(folder).fences();
  }

  /** The attempt that owned the directory at {@code time}: the highest one that had claimed it by then. */
  public int ownerAt(Instant time) throws IOException {
    return claims().entrySet().stream().filter(e -> !e.getValue().isAfter(time))
        .mapToInt(Map.Entry::getKey).max().orElse(0);
  }

  /** The step each attempt restored (0: none), by attempt. */
  public Map<Integer, Long> restoredSteps() throws IOException {
    return perAttempt(START_PREFIX, text -> Long.parseLong(text.split(" ")[0]));
  }

  /** The step at which each attempt's save was refused by a newer attempt's fence, by attempt. */
  public Map<Integer, Long> fencedSteps() throws IOException {
    return perAttempt(FENCED_PREFIX, Long::parseLong);
  }

  /**
   * For each attempt, in order: the furthest step it reached minus the newest checkpoint committed by it
   * or an earlier attempt, which is where the next attempt resumes.
   */
  public Map<Integer, Long> stepsLostByAttempt() throws IOException {
    Map<Integer, Long> reached = perAttempt(REACHED_PREFIX, Long::parseLong);
    List<CommittedCheckpoint> committed = committed();
    Map<Integer, Long> lost = new TreeMap<>();
    reached.forEach((attempt, step) -> lost.put(attempt, step - committed.stream()
        .filter(c -> c.attempt() <= attempt).mapToLong(CommittedCheckpoint::step).max().orElse(0)));
    return lost;
  }

  private Map<Integer, Long> perAttempt(String prefix, java.util.function.Function<String, Long> parse)
      throws IOException {
    Map<Integer, Long> values = new TreeMap<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.filter(f -> f.getFileName().toString().startsWith(prefix)
          && !f.getFileName().toString().endsWith(".tmp")).toList()) {
        values.put(Integer.parseInt(file.getFileName().toString().substring(prefix.length())),
            parse.apply(Files.readString(file).trim()));
      }
    }
    return values;
  }

  /** Atomically (a SIGKILL never leaves an empty file), under a temporary name of its own. */
  private void write(String name, String content) throws IOException {
    Path temporary = folder.resolve(name + ".tmp");
    Files.writeString(temporary, content);
    Files.move(temporary, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
