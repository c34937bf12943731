package dev.segtpu.sandbox.standin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the {@link StandInTrainer} leaves in a job's checkpoint folder for benchmarks and tests: every
 * checkpoint it wrote ({@code standin-history}: "step attempt" per line) and the furthest step each
 * attempt reached ({@code standin-reached-<attempt>}).
 */
public record StandInRecord(Path folder) {

  static final String HISTORY = "standin-history";
  static final String REACHED_PREFIX = "standin-reached-";

  /** The record under {@code storage} (the operator gives each job its own folder there). */
  public static StandInRecord find(Path storage) throws IOException {
    try (var files = Files.walk(storage)) {
      return new StandInRecord(files.filter(f -> f.getFileName().toString().equals(HISTORY)).findFirst()
          .orElseThrow(() -> new IllegalStateException("no stand-in checkpoints under " + storage)).getParent());
    }
  }

  /** The checkpoints written, oldest first, as "step attempt". */
  public List<String> history() throws IOException {
    return Files.readAllLines(folder.resolve(HISTORY));
  }

  /**
   * For each attempt, in order: the furthest step it reached minus the newest checkpoint written up to
   * then, which is where the next attempt resumes.
   */
  public Map<Integer, Long> stepsLostByAttempt() throws IOException {
    Map<Integer, Long> reached = new TreeMap<>();
    try (var files = Files.list(folder)) {
      for (Path file : files.filter(f -> f.getFileName().toString().startsWith(REACHED_PREFIX)).toList()) {
        reached.put(Integer.parseInt(file.getFileName().toString().substring(REACHED_PREFIX.length())),
            Long.parseLong(Files.readString(file).trim()));
      }
    }
    TreeMap<Integer, Long> newestSaved = new TreeMap<>();
    for (String line : history()) {
      String[] parts = line.split(" ");
      newestSaved.merge(Integer.parseInt(parts[1]), Long.parseLong(parts[0]), Math::max);
    }
    Map<Integer, Long> lost = new TreeMap<>();
    reached.forEach((attempt, step) -> lost.put(attempt,
        step - newestSaved.headMap(attempt, true).values().stream().mapToLong(Long::longValue).max().orElse(0)));
    return lost;
  }
}
