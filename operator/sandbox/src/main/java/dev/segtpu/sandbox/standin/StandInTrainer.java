package dev.segtpu.sandbox.standin;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;

/**
 * A stand-in for the trainer image that honours the trainer contract without TensorFlow: it checks
 * its environment (exit 2 when it is inconsistent), "trains" at a fixed step rate, checkpoints its
 * step every {@code SEGTPU_CHECKPOINT_INTERVAL} steps and on SIGTERM (exit 42) with the real trainer's
 * commit protocol ({@link StandInCheckpoints}), resumes from the newest committed checkpoint, refuses
 * to write when a newer attempt owns the directory (exit 3), serves {@code GET /status} and leaves a
 * {@link StandInRecord} of what it did. The sandbox runs it for image {@code segtpu-standin}; operator-level tests use
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
  private final StandInCheckpoints checkpoints;
  private final StandInRecord record;

  StandInTrainer(Map<String, String> env) {
    this.env = env;
    this.checkpointDir = Path.of(require("SEGTPU_CHECKPOINT_DIR"));
    this.attempt = Integer.parseInt(require("SEGTPU_ATTEMPT"));
    this.worker = Integer.parseInt(require("SEGTPU_WORKER_ID"));
    this.totalSteps = Long.parseLong(require("SEGTPU_TOTAL_STEPS"));
    String interval = env.getOrDefault("SEGTPU_CHECKPOINT_INTERVAL", "10steps");
    this.checkpointEvery = interval.endsWith("steps") ? Long.parseLong(interval.replace("steps", "")) : 10;
    this.stepMillis = Long.parseLong(env.getOrDefault("STANDIN_STEP_MILLIS", "50"));
    this.checkpoints = new StandInCheckpoints(checkpointDir);
    this.record = new StandInRecord(checkpointDir);
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
    if (!checkpoints.claim(attempt)) {
      System.err.println("fenced: attempt " + checkpoints.owner() + " owns " + checkpointDir);
      return 3;
    }
    var restored = checkpoints.restoreNewest();
    if (restored.isEmpty() && !checkpoints.committed().isEmpty()) {
      System.err.println("stand-in trainer: no committed checkpoint in " + checkpointDir + " restores");
      return 5;
    }
    step = checkpointStep = restored.map(CommittedCheckpoint::step).orElse(0L);
    record.started(attempt, worker, restored);
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
    try {
      while (step < totalSteps) {
        if (terminating.get()) {
          saveCheckpoint();
          System.out.println("stand-in trainer: SIGTERM at step " + step + ", checkpointed");
          return 42;
        }
        Thread.sleep(stepMillis);
        step++;
        record.reached(attempt, worker, step);
        if (step % checkpointEvery == 0) {
          saveCheckpoint();
        }
      }
      saveCheckpoint();
      phase = "done";
      System.out.println("stand-in trainer: done at step " + step);
      Thread.sleep(300);
      return 0;
    } catch (Fenced e) {
      System.err.println("stand-in trainer: fenced at step " + step + ": attempt " + e.owner + " owns "
          + checkpointDir + ", refusing to write");
      record.fenced(attempt, worker, step);
      return 3;
    } finally {
      server.stop(0);
    }
  }

  private String statusJson() {
    return String.format(Locale.ROOT, "{\"phase\":\"%s\",\"attempt\":%d,\"step\":%d,\"totalSteps\":%d,\"epoch\":0,"
            + "\"imagesPerSecond\":%.1f,\"stepsPerSecond\":%.1f,\"lastCheckpoint\":{\"step\":%d,\"attempt\":%d,"
            + "\"time\":\"%s\",\"saveSeconds\":0.01},\"device\":\"stand-in (no TensorFlow)\"}",
        phase, attempt, step, totalSteps, 8000.0 / stepMillis, 1000.0 / stepMillis, checkpointStep, attempt,
        Instant.now());
  }

  /**
   * Worker 0 writes; the others only check the fence, so that a gang cut off from the cluster stops on
   * every host once a newer attempt claimed the directory, instead of training on where nobody sees it.
   */
  private void saveCheckpoint() throws IOException {
    boolean saved = worker == 0 ? checkpoints.save(step, attempt) : checkpoints.owner() <= attempt;
    if (!saved) {
      throw new Fenced(checkpoints.owner());
    }
    checkpointStep = step;
  }

  /** A save refused because a higher attempt owns the checkpoint directory: the trainer exits 3. */
  private static final class Fenced extends RuntimeException {
    final int owner;

    Fenced(int owner) {
      super(null, null, false, false);
      this.owner = owner;
    }
  }

  private String require(String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " is not set");
    }
    return value;
  }
}
