package dev.segtpu.trainer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.segtpu.trainer.train.StepLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/** A trainer in its own JVM (TrainerMain on the test classpath), on a tiny model and synthetic data. */
final class TrainerRun {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final Process process;
  private final Path log;

  private TrainerRun(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts attempt {@code attempt} writing to {@code checkpointDir}; extra flags override the defaults. */
  static TrainerRun start(Path checkpointDir, int attempt, long totalSteps, String... extraFlags) throws IOException {
    return start(checkpointDir, attempt, totalSteps, Map.of(), extraFlags);
  }

  /** A tiny Mask R-CNN on synthetic instance scenes (64² images, 3 object categories). */
  static TrainerRun startMaskRcnn(Path checkpointDir, int attempt, long totalSteps, String... extraFlags) throws IOException {
    return launch(checkpointDir, attempt, totalSteps, Map.of(), "", MASK_RCNN_FLAGS, extraFlags);
  }

  /** As {@link #start(Path, int, long, String...)}, with more contract variables set as the operator would. */
  static TrainerRun start(Path checkpointDir, int attempt, long totalSteps, Map<String, String> environment,
                          String... extraFlags) throws IOException {
    return launch(checkpointDir, attempt, totalSteps, environment, "", DEEPLAB_FLAGS, extraFlags);
  }

  /**
   * Worker {@code worker} of {@code workers} on this machine (peers on 127.0.0.1, so worker i's collective
   * runtime listens on {@code port + i}), sharing {@code checkpointDir} as workers share checkpoint storage.
   */
  static TrainerRun startWorker(Path checkpointDir, int attempt, long totalSteps, int worker, int workers, int port,
                                Map<String, String> environment, String... extraFlags) throws IOException {
    Map<String, String> env = new TreeMap<>(environment);
    env.put("SEGTPU_WORKER_ID", Integer.toString(worker));
    env.put("SEGTPU_WORKER_COUNT", Integer.toString(workers));
    env.put("SEGTPU_PEER_HOSTNAMES", String.join(",", java.util.Collections.nCopies(workers, "127.0.0.1")));
    env.put("SEGTPU_COLLECTIVE_PORT", Integer.toString(port));
    env.putIfAbsent("SEGTPU_PEER_TIMEOUT_SECONDS", "60");
    return launch(checkpointDir, attempt, totalSteps, env, "-w" + worker, DEEPLAB_FLAGS, extraFlags);
  }

  /** A tiny DeepLab v3+ on synthetic scenes. */
  private static final List<String> DEEPLAB_FLAGS = List.of(
      "--batch-size", "2", "--image-size", "32", "--num-classes", "3", "--synthetic-examples", "6",
      "--synthetic-image-size", "40", "--width-multiplier", "0.25", "--max-block-repeats", "1",
      "--aspp-channels", "8", "--decoder-channels", "8", "--low-level-channels", "4", "--batch-norm-decay", "0.9");

  private static final List<String> MASK_RCNN_FLAGS = List.of(
      "--model", "maskrcnn", "--batch-size", "2", "--image-size", "64", "--num-classes", "4", "--synthetic-examples", "6",
      "--synthetic-image-size", "64", "--width-multiplier", "0.125", "--max-block-repeats", "1", "--fpn-channels", "16",
      "--box-head-dim", "32", "--rois-per-image", "16", "--max-instances", "8", "--batch-norm-decay", "0.9");

  private static TrainerRun launch(Path checkpointDir, int attempt, long totalSteps, Map<String, String> environment,
                                   String logSuffix, List<String> modelFlags, String... extraFlags) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx1g", "-Dorg.bytedeco.javacpp.cachedir=" + System.getProperty("org.bytedeco.javacpp.cachedir", "target/javacpp-cache"),
        "-cp", System.getProperty("java.class.path"), TrainerMain.class.getName(),
        "--checkpoint-dir", checkpointDir.toString(), "--total-steps", Long.toString(totalSteps),
        "--seed", "17", "--status-port", "0", "--bind-address", "127.0.0.1"));
    command.addAll(modelFlags);
    command.addAll(List.of(extraFlags));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(k -> k.startsWith("SEGTPU_"));
    builder.environment().put("SEGTPU_ATTEMPT", Integer.toString(attempt));
    builder.environment().putAll(environment);
    Files.createDirectories(checkpointDir);
    Path log = checkpointDir.resolveSibling(checkpointDir.getFileName() + "-attempt-" + attempt + logSuffix + ".log");
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    return new TrainerRun(builder.start(), log);
  }

  int waitForExit(Duration timeout) throws InterruptedException, IOException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("trainer did not exit within " + timeout + "; log:\n" + log());
    }
    return process.exitValue();
  }

  /** Waits until the step log in {@code checkpointDir} reaches {@code step}. */
  void awaitStep(Path checkpointDir, long step, Duration timeout) throws InterruptedException, IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (lastStep(checkpointDir) < step) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new AssertionError("trainer never reached step " + step + "; log:\n" + log());
      }
      Thread.sleep(50);
    }
  }

  /** SIGTERM, as Kubernetes sends on preemption. */
  void terminate() {
    process.destroy();
  }

  /** SIGKILL: no chance to checkpoint. */
  void kill() {
    process.destroyForcibly();
  }

  String log() throws IOException {
    return Files.readString(log);
  }

  private static long lastStep(Path checkpointDir) throws IOException {
    return losses(checkpointDir).keySet().stream().mapToLong(Long::longValue).max().orElse(0);
  }

  /** Loss per step from the step log; a step logged twice (redone after a crash) keeps its last value. */
  static Map<Long, Float> losses(Path checkpointDir) throws IOException {
    Map<Long, Float> losses = new TreeMap<>();
    for (JsonNode entry : entries(checkpointDir)) {
      losses.put(entry.get("step").asLong(), entry.get("loss").floatValue());
    }
    return losses;
  }

  static List<JsonNode> entries(Path checkpointDir) throws IOException {
    Path file = checkpointDir.resolve(StepLog.FILE);
    List<JsonNode> entries = new ArrayList<>();
    if (!Files.exists(file)) {
      return entries;
    }
    for (String line : Files.readAllLines(file)) {
      if (line.endsWith("}")) {
        entries.add(JSON.readTree(line));
      }
    }
    return entries;
  }

  static JsonNode finalMetrics(Path checkpointDir) throws IOException {
    return JSON.readTree(checkpointDir.resolve("final-metrics.json").toFile());
  }

  /** A JSON file the trainer wrote (its termination message, say). */
  static JsonNode json(Path file) throws IOException {
    return JSON.readTree(file.toFile());
  }

  /** Names of the committed checkpoints (those with a commit marker), oldest first. */
  static List<String> committed(Path checkpointDir) throws IOException {
    try (var entries = Files.list(checkpointDir)) {
      return entries.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".commit.json"))
          .map(n -> n.substring(0, n.length() - ".commit.json".length())).sorted().toList();
    }
  }
}
