package dev.segtpu.sandbox.standin;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;

/**
 * A stand-in for the trainer image that honours the trainer contract without TensorFlow: it checks
 * its environment (exit 2 when it is inconsistent), "trains" at a fixed step rate, checkpoints its
 * step every {@code SEGTPU_CHECKPOINT_INTERVAL} steps and on SIGTERM (exit 42), resumes from the
 * checkpoint, refuses to write when a newer attempt owns the directory (exit 3) and serves
 * {@code GET /status}. The sandbox runs it for image {@code segtpu-standin}; operator-level tests use
 * it where the real trainer would only add minutes (many preemptions, multi-host gangs).
 */
public final class StandInTrainer {

  static final String IMAGE = "segtpu-standin";

  private final Map<String, String> env;
  private final Path checkpointDir;
  private final int attempt;
  private final int worker;
  private final long totalSteps;
  private final long checkpointEvery;
  private final long stepMillis;
  private volatile long step;
  private volatile long checkpointStep;
  private volatile String phase = "initializing";
  private final AtomicBoolean terminating = new AtomicBoolean();

  StandInTrainer(Map<String, String> env) {
    this.env = env;
    this.checkpointDir = Path.of(require("SEGTPU_CHECKPOINT_DIR"));
    this.attempt = Integer.parseInt(require("SEGTPU_ATTEMPT"));
    this.worker = Integer.parseInt(require("SEGTPU_WORKER_ID"));
    this.totalSteps = Long.parseLong(require("SEGTPU_TOTAL_STEPS"));
    String interval = env.getOrDefault("SEGTPU_CHECKPOINT_INTERVAL", "10steps");
    this.checkpointEvery = interval.endsWith("steps") ? Long.parseLong(interval.replace("steps", "")) : 10;
    this.stepMillis = Long.parseLong(env.getOrDefault("STANDIN_STEP_MILLIS", "50"));
  }

  public static void main(String[] args) throws Exception {
    StandInTrainer trainer;
    try {
      trainer = new StandInTrainer(System.getenv());
      trainer.checkWorkerEnvironment();
    } catch (RuntimeException e) {
      System.err.println("stand-in trainer: configuration error: " + e.getMessage());
      System.exit(2);
      return;
    }
    System.exit(trainer.run());
  }

  /** The multi-host contract: ids, counts and host names must agree. */
  void checkWorkerEnvironment() {
    int count = Integer.parseInt(require("SEGTPU_WORKER_COUNT"));
    if (worker < 0 || worker >= count) {
      throw new IllegalArgumentException("SEGTPU_WORKER_ID " + worker + " is outside 0.." + (count - 1));
    }
    if (count > 1) {
      if (!String.valueOf(worker).equals(env.get("TPU_WORKER_ID"))) {
        throw new IllegalArgumentException("TPU_WORKER_ID " + env.get("TPU_WORKER_ID") + " differs from SEGTPU_WORKER_ID");
      }
      String hostnames = require("TPU_WORKER_HOSTNAMES");
      if (hostnames.split(",").length != count) {
        throw new IllegalArgumentException("TPU_WORKER_HOSTNAMES lists " + hostnames.split(",").length
            + " hosts for " + count + " workers");
      }
    }
  }

  int run() throws IOException, InterruptedException {
    Files.createDirectories(checkpointDir);
    if (newestAttempt() > attempt) {
      System.err.println("fenced: attempt " + newestAttempt() + " owns " + checkpointDir);
      return 3;
    }
    step = checkpointStep = readCheckpoint();
    HttpServer server = HttpServer.create(new InetSocketAddress(env.getOrDefault("SEGTPU_BIND_ADDRESS", "127.0.0.1"),
        Integer.parseInt(env.getOrDefault("SEGTPU_STATUS_PORT", "8471"))), 0);
    server.createContext("/status", exchange -> {
      byte[] body = statusJson().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    Signal.handle(new Signal("TERM"), signal -> terminating.set(true));
    System.out.println("stand-in trainer: attempt " + attempt + " worker " + worker + " resumes at step " + step);
    phase = "training";
    while (step < totalSteps) {
      if (terminating.get()) {
        saveCheckpoint();
        System.out.println("stand-in trainer: SIGTERM at step " + step + ", checkpointed");
        server.stop(0);
        return 42;
      }
      Thread.sleep(stepMillis);
      step++;
      recordReached();
      if (step % checkpointEvery == 0) {
        saveCheckpoint();
      }
    }
    saveCheckpoint();
    phase = "done";
    System.out.println("stand-in trainer: done at step " + step);
    Thread.sleep(300);
    server.stop(0);
    return 0;
  }

  private String statusJson() {
    return String.format(Locale.ROOT, "{\"phase\":\"%s\",\"attempt\":%d,\"step\":%d,\"totalSteps\":%d,\"epoch\":0,"
            + "\"imagesPerSecond\":%.1f,\"stepsPerSecond\":%.1f,\"lastCheckpoint\":{\"step\":%d,\"attempt\":%d,"
            + "\"time\":\"%s\",\"saveSeconds\":0.01},\"device\":\"stand-in (no TensorFlow)\"}",
        phase, attempt, step, totalSteps, 8000.0 / stepMillis, 1000.0 / stepMillis, checkpointStep, attempt,
        Instant.now());
  }

  /** Worker 0 writes; others only keep in step. */
  private void saveCheckpoint() throws IOException {
    if (worker != 0) {
      checkpointStep = step;
      return;
    }
    if (newestAttempt() > attempt) {
      throw new IllegalStateException("fenced by attempt " + newestAttempt());
    }
    Path temporary = checkpointDir.resolve("standin-checkpoint.tmp");
    Files.writeString(temporary, step + " " + attempt);
    Files.move(temporary, checkpointDir.resolve("standin-checkpoint"), StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    Files.writeString(checkpointDir.resolve("standin-attempt"), String.valueOf(attempt));
    checkpointStep = step;
    appendHistory();
  }

  /** The furthest step this attempt reached, so tests can count the steps a preemption cost. */
  private void recordReached() throws IOException {
    if (worker == 0) {
      // atomic, so a SIGKILL never leaves an empty file behind
      Path temporary = checkpointDir.resolve("standin-reached.tmp");
      Files.writeString(temporary, String.valueOf(step));
      Files.move(temporary, checkpointDir.resolve(StandInRecord.REACHED_PREFIX + attempt), StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private void appendHistory() throws IOException {
    List<String> line = new ArrayList<>(List.of(step + " " + attempt));
    Files.write(checkpointDir.resolve(StandInRecord.HISTORY), line, StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
  }

  private long readCheckpoint() throws IOException {
    Path file = checkpointDir.resolve("standin-checkpoint");
    return Files.exists(file) ? Long.parseLong(Files.readString(file).trim().split(" ")[0]) : 0;
  }

  private int newestAttempt() throws IOException {
    Path file = checkpointDir.resolve("standin-attempt");
    return Files.exists(file) ? Integer.parseInt(Files.readString(file).trim()) : 0;
  }

  private String require(String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " is not set");
    }
    return value;
  }
}
