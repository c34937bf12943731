package dev.segtpu.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segtpu.contract.TrainerExit;
import dev.segtpu.trainer.distributed.LocalPortBlock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two trainer processes training one model: synchronous data parallelism on TensorFlow's collectives. */
class MultiWorkerTrainingTest {

  @TempDir
  Path root;

  @Test
  void twoWorkersTrainOneModelToTheEndAndOnlyWorkerZeroWrites() throws Exception {
    Path dir = root.resolve("ckpt");
    int port = LocalPortBlock.reserve(2);
    TrainerRun w0 = TrainerRun.startWorker(dir, 1, 12, 0, 2, port, Map.of(), "--checkpoint-interval", "5steps");
    TrainerRun w1 = TrainerRun.startWorker(dir, 1, 12, 1, 2, port, Map.of(), "--checkpoint-interval", "5steps");

    assertThat(w0.waitForExit(Duration.ofMinutes(3))).as(w0.log()).isEqualTo(TrainerExit.SUCCEEDED.code());
    assertThat(w1.waitForExit(Duration.ofMinutes(1))).as(w1.log()).isEqualTo(TrainerExit.SUCCEEDED.code());

    assertThat(TrainerRun.losses(dir).keySet()).as("one step log, by worker 0").containsExactlyElementsOf(
        java.util.stream.LongStream.rangeClosed(1, 12).boxed().toList());
    assertThat(TrainerRun.committed(dir)).isNotEmpty();
    assertThat(TrainerRun.finalMetrics(dir).path("step").asLong()).isEqualTo(12);
    assertThat(w0.log()).contains("all 2 replicas start from the same weights at step 0");
    assertThat(w1.log()).contains("worker 0 writes the final checkpoint");
  }

  @Test
  void aSigtermOnOneWorkerStopsTheGroupAfterOneStepWithOneCheckpointAndTheGangResumesExactly() throws Exception {
    int port = LocalPortBlock.reserve(2);
    Path reference = root.resolve("reference");
    List<TrainerRun> uninterrupted = List.of(TrainerRun.startWorker(reference, 1, 16, 0, 2, port, Map.of()),
        TrainerRun.startWorker(reference, 1, 16, 1, 2, port, Map.of()));
    for (TrainerRun run : uninterrupted) {
      assertThat(run.waitForExit(Duration.ofMinutes(3))).as(run.log()).isZero();
    }

    Path dir = root.resolve("preempted");
    TrainerRun w0 = TrainerRun.startWorker(dir, 1, 16, 0, 2, port, Map.of());
    TrainerRun w1 = TrainerRun.startWorker(dir, 1, 16, 1, 2, port, Map.of());
    w0.awaitStep(dir, 5, Duration.ofMinutes(2));
    w1.terminate();
    assertThat(w1.waitForExit(Duration.ofMinutes(1))).as(w1.log()).isEqualTo(TrainerExit.CHECKPOINTED_ON_SIGTERM.code());
    assertThat(w0.waitForExit(Duration.ofMinutes(1))).as(w0.log()).isEqualTo(TrainerExit.CHECKPOINTED_ON_SIGTERM.code());
    List<String> committed = TrainerRun.committed(dir);
    assertThat(committed).as("one checkpoint, at the step the group agreed on").hasSize(1);
    long stoppedAt = TrainerRun.losses(dir).keySet().stream().mapToLong(Long::longValue).max().orElseThrow();
    assertThat(committed.get(0)).isEqualTo(String.format("ckpt-%012d-a1", stoppedAt));

    List<TrainerRun> resumed = List.of(TrainerRun.startWorker(dir, 2, 16, 0, 2, port, Map.of()),
        TrainerRun.startWorker(dir, 2, 16, 1, 2, port, Map.of()));
    for (TrainerRun run : resumed) {
      assertThat(run.waitForExit(Duration.ofMinutes(3))).as(run.log()).isZero();
    }
    assertThat(TrainerRun.losses(dir)).as("the resumed gang continues with the same examples and weights")
        .isEqualTo(TrainerRun.losses(reference));
    assertThat(TrainerRun.finalMetrics(dir).path("weightsDigest").asText())
        .isEqualTo(TrainerRun.finalMetrics(reference).path("weightsDigest").asText());
  }

  @Test
  void killingOneWorkerMakesItsPeerExitWithPeerLostInsteadOfHanging() throws Exception {
    Path dir = root.resolve("killed");
    int port = LocalPortBlock.reserve(2);
    TrainerRun w0 = TrainerRun.startWorker(dir, 1, 5000, 0, 2, port, Map.of());
    TrainerRun w1 = TrainerRun.startWorker(dir, 1, 5000, 1, 2, port, Map.of());
    w0.awaitStep(dir, 3, Duration.ofMinutes(2));

    w1.kill();
    long killed = System.nanoTime();

    assertThat(w0.waitForExit(Duration.ofMinutes(1))).as(w0.log()).isEqualTo(TrainerExit.PEER_LOST.code());
    assertThat(Duration.ofNanos(System.nanoTime() - killed)).isLessThan(Duration.ofSeconds(30));
    assertThat(w0.log()).contains("lost a peer");
  }

  @Test
  void aPeerThatNeverAppearsIsNamedAndTheWorkerExitsWithPeerLost() throws Exception {
    Path dir = root.resolve("alone");
    int port = LocalPortBlock.reserve(2);
    TrainerRun w0 = TrainerRun.startWorker(dir, 1, 10, 0, 2, port, Map.of("SEGTPU_PEER_TIMEOUT_SECONDS", "3"));

    assertThat(w0.waitForExit(Duration.ofMinutes(1))).as(w0.log()).isEqualTo(TrainerExit.PEER_LOST.code());
    assertThat(w0.log()).contains("peers did not start within 3 s: worker 1 (127.0.0.1");
  }

  @Test
  void aGangResumedOnFewerWorkersContinuesAtTheSameGlobalDataPosition() throws Exception {
    Path dir = root.resolve("resharded");
    int port = LocalPortBlock.reserve(2);
    TrainerRun w0 = TrainerRun.startWorker(dir, 1, 12, 0, 2, port, Map.of(), "--checkpoint-interval", "4steps");
    TrainerRun w1 = TrainerRun.startWorker(dir, 1, 12, 1, 2, port, Map.of(), "--checkpoint-interval", "4steps");
    w0.awaitStep(dir, 5, Duration.ofMinutes(2));
    w0.terminate();
    w0.waitForExit(Duration.ofMinutes(1));
    w1.waitForExit(Duration.ofMinutes(1));
    long stoppedAt = TrainerRun.losses(dir).keySet().stream().mapToLong(Long::longValue).max().orElseThrow();

    TrainerRun alone = TrainerRun.start(dir, 2, 12);
    assertThat(alone.waitForExit(Duration.ofMinutes(3))).as(alone.log()).isZero();

    List<com.fasterxml.jackson.databind.JsonNode> entries = TrainerRun.entries(dir);
    var first = entries.stream().filter(e -> e.path("attempt").asInt() == 1).toList();
    var second = entries.stream().filter(e -> e.path("attempt").asInt() == 2).toList();
    assertThat(second.get(0).path("step").asLong()).isEqualTo(stoppedAt + 1);
    long globalBatch = 2;
    var last = first.get(first.size() - 1);
    assertThat(second.get(0).path("epoch").asLong() * 6 + second.get(0).path("position").asLong())
        .as("the one worker reads on where the two stopped (6 synthetic examples an epoch)")
        .isEqualTo(last.path("epoch").asLong() * 6 + last.path("position").asLong() + globalBatch);
  }
}
