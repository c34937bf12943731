package dev.segtpu.sandbox.standin;

import com.sun.net.httpserver.HttpServer;
import dev.segtpu.contract.StatusDocument;
import dev.segtpu.contract.TrainerContract;
import dev.segtpu.contract.TrainerExit;
import dev.segtpu.contract.TrainerInterval;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;

/**
 * A stand-in for the trainer image that honours the trainer contract without TensorFlow: it checks
 * its environment (exit 2 when it is inconsistent), "trains" at a fixed step rate, checkpoints its
 * step every {@code SEGTPU_CHECKPOINT_INTERVAL} steps and on SIGTERM (exit 42) with the real trainer's
 * commit protocol ({@link StandInCheckpoints}), resumes from the newest committed checkpoint, refuses
 * to write when a newer attempt owns the directory (exit 3), serves {@code GET /status}, writes its last
 * status to the termination message file as it exits, and leaves a {@link StandInRecord} of what it did. Told to ({@code STANDIN_HANG_AT_STEP}), it hangs: the step counter stops
 * while {@code /status} still answers "training", and SIGTERM goes unheeded (a gang wedged in a collective),
 * in attempt {@code STANDIN_HANG_IN_ATTEMPT} only (default 1), so the restarted attempt can finish. The sandbox runs it for image {@code segtpu-standin}; operator-level tests use
 * it where the real trainer would only add minutes (many preemptions, multi-host gangs, several slices).
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
  /** The step this attempt hangs at; 0 for none. */
  private final long hangAtStep;
  private volatile long step;
  private volatile long checkpointStep;
  /** The step of the checkpoint this process restored; null when it started from scratch. */
  private volatile Long restoredFromStep;
  private volatile String phase = StatusDocument.PHASE_INITIALIZING;
  private final AtomicBoolean terminating = new AtomicBoolean();
  private final StandInCheckpoints checkpoints;
  private final StandInRecord record;

  StandInTrainer(Map<String, String> env) {
    this.env = env;
    this.checkpointDir = Path.of(require(TrainerContract.CHECKPOINT_DIR));
    this.attempt = Integer.parseInt(require(TrainerContract.ATTEMPT));
    this.worker = Integer.parseInt(require(TrainerContract.WORKER_ID));
    this.totalSteps = Long.parseLong(require(TrainerContract.TOTAL_STEPS));
    TrainerInterval interval = TrainerInterval.parse(env.getOrDefault(TrainerContract.CHECKPOINT_INTERVAL, "10steps"));
    // the stand-in steps at a fixed pace, so a time interval is turned into steps (10 when shorter than a step)
    this.checkpointEvery = interval.time() == null ? interval.steps() : 10;
    this.stepMillis = Long.parseLong(env.getOrDefault("STANDIN_STEP_MILLIS", "50"));
    int hangAttempt = Integer.parseInt(env.getOrDefault("STANDIN_HANG_IN_ATTEMPT", "1"));
    this.hangAtStep = attempt == hangAttempt ? Long.parseLong(env.getOrDefault("STANDIN_HANG_AT_STEP", "0")) : 0;
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
      System.exit(TrainerExit.CONFIGURATION_ERROR.code());
      return;
    }
    System.exit(trainer.run());
  }

  /**
   * The multi-host and Multislice contract: ids, counts and host names must agree. The job's workers are
   * numbered slice-major across {@code MEGASCALE_NUM_SLICES} slices (1 when unset); the {@code TPU_*}
   * variables describe the worker's own slice, {@code SEGTPU_PEER_HOSTNAMES} every worker of every slice.
   */
  void checkWorkerEnvironment() {
    int count = Integer.parseInt(require(TrainerContract.WORKER_COUNT));
    if (worker < 0 || worker >= count) {
      throw new IllegalArgumentException(TrainerContract.WORKER_ID + " " + worker + " is outside 0.." + (count - 1));
    }
    int slices = Integer.parseInt(env.getOrDefault(TrainerContract.MEGASCALE_NUM_SLICES, "1"));
    if (slices < 1 || count % slices != 0) {
      throw new IllegalArgumentException(TrainerContract.MEGASCALE_NUM_SLICES + " " + slices + " does not divide "
          + TrainerContract.WORKER_COUNT + " " + count);
    }
    int hostsPerSlice = count / slices;
    int slice = worker / hostsPerSlice;
    int host = worker % hostsPerSlice;
    String[] peers = count > 1 ? require(TrainerContract.PEER_HOSTNAMES).split(",") : new String[] {""};
    if (peers.length != count) {
      throw new IllegalArgumentException(TrainerContract.PEER_HOSTNAMES + " lists " + peers.length + " hosts for " + count + " workers");
    }
    if (slices > 1) {
      checkEquals(TrainerContract.MEGASCALE_SLICE_ID, String.valueOf(slice), "worker " + worker + " of " + hostsPerSlice + "-host slices");
      checkEquals(TrainerContract.MEGASCALE_COORDINATOR_ADDRESS, peers[0] + ":" + require(TrainerContract.MEGASCALE_PORT),
          "worker 0 of slice 0 at " + TrainerContract.MEGASCALE_PORT);
    }
    if (hostsPerSlice > 1) {
      checkEquals(TrainerContract.TPU_WORKER_ID, String.valueOf(host), "host " + host + " of its slice ("
          + TrainerContract.WORKER_ID + " " + worker + ")");
      String[] sliceHosts = require(TrainerContract.TPU_WORKER_HOSTNAMES).split(",");
      String[] expected = java.util.Arrays.copyOfRange(peers, slice * hostsPerSlice, (slice + 1) * hostsPerSlice);
      if (!java.util.Arrays.equals(sliceHosts, expected)) {
        throw new IllegalArgumentException(TrainerContract.TPU_WORKER_HOSTNAMES + " " + String.join(",", sliceHosts)
            + " are not the hosts of slice " + slice + " in " + TrainerContract.PEER_HOSTNAMES + " (" + String.join(",", expected) + ")");
      }
    }
  }

  private void checkEquals(String variable, String expected, String why) {
    String actual = env.get(variable);
    if (!expected.equals(actual)) {
      throw new IllegalArgumentException(variable + " is " + actual + ", expected " + expected + " for " + why);
    }
  }

  int run() throws IOException, InterruptedException {
    if (!checkpoints.claim(attempt)) {
      System.err.println("fenced: attempt " + checkpoints.owner() + " owns " + checkpointDir);
      return TrainerExit.FENCED.code();
    }
    var restored = checkpoints.restoreNewest();
    if (restored.isEmpty() && !checkpoints.committed().isEmpty()) {
      System.err.println("stand-in trainer: no committed checkpoint in " + checkpointDir + " restores");
      return TrainerExit.CHECKPOINT_UNRESTORABLE.code();
    }
    step = checkpointStep = restored.map(CommittedCheckpoint::step).orElse(0L);
    restoredFromStep = restored.map(CommittedCheckpoint::step).orElse(null);
    record.started(attempt, worker, restored);
    HttpServer server = HttpServer.create(new InetSocketAddress(env.getOrDefault(TrainerContract.BIND_ADDRESS, "127.0.0.1"),
        Integer.parseInt(env.getOrDefault(TrainerContract.STATUS_PORT, String.valueOf(TrainerContract.DEFAULT_STATUS_PORT)))), 0);
    server.createContext("/status", exchange -> {
      byte[] body = statusJson();
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    Signal.handle(new Signal("TERM"), signal -> terminating.set(true));
    System.out.println("stand-in trainer: attempt " + attempt + " worker " + worker + " resumes at step " + step);
    phase = StatusDocument.PHASE_TRAINING;
    try {
      while (step < totalSteps) {
        if (terminating.get()) {
          saveCheckpoint();
          System.out.println("stand-in trainer: SIGTERM at step " + step + ", checkpointed");
          return TrainerExit.CHECKPOINTED_ON_SIGTERM.code();
        }
        Thread.sleep(stepMillis);
        step++;
        record.reached(attempt, worker, step);
        if (step == hangAtStep) {
          hang();
        }
        if (step % checkpointEvery == 0) {
          saveCheckpoint();
        }
      }
      saveCheckpoint();
      phase = StatusDocument.PHASE_DONE;
      System.out.println("stand-in trainer: done at step " + step);
      Thread.sleep(300);
      return TrainerExit.SUCCEEDED.code();
    } catch (Fenced e) {
      System.err.println("stand-in trainer: fenced at step " + step + ": attempt " + e.owner + " owns "
          + checkpointDir + ", refusing to write");
      record.fenced(attempt, worker, step);
      return TrainerExit.FENCED.code();
    } finally {
      server.stop(0);
      writeTerminationMessage();
    }
  }

  /** The last status as the trainer exits, where the kubelet reads the termination message (as the real trainer does). */
  private void writeTerminationMessage() {
    String path = env.get(TrainerContract.TERMINATION_MESSAGE_PATH);
    if (path == null || path.isBlank()) {
      return;
    }
    try {
      Files.write(Path.of(path), statusDocument().toTerminationMessage());
    } catch (IOException e) {
      System.err.println("stand-in trainer: cannot write the termination message to " + path + ": " + e);
    }
  }

  /**
   * Never returns: the training thread is stuck (as in a collective whose peer never answers) while the
   * status server still says "training" at this step; SIGTERM's flag is never looked at, so the kubelet
   * kills the process when the grace period ends.
   */
  private void hang() throws InterruptedException {
    System.out.println("stand-in trainer: hanging at step " + step + " (STANDIN_HANG_AT_STEP)");
    while (true) {
      Thread.sleep(60_000);
    }
  }

  /** The contract's status document, as the real trainer serves it. */
  private StatusDocument statusDocument() {
    return new StatusDocument(phase, attempt, step, totalSteps, 0L, null, null, 8000.0 / stepMillis, 1000.0 / stepMillis,
        restoredFromStep, new StatusDocument.Checkpoint(checkpointStep, Instant.now().toString(), attempt, 0.01), null, null, null,
        "stand-in (no TensorFlow)", null);
  }

  private byte[] statusJson() throws IOException {
    return statusDocument().toJson();
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
    System.out.println("stand-in trainer: checkpoint at step " + step + " of " + totalSteps);
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
