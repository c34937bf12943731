package dev.segtpu.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segtpu.contract.TrainerExit;
import dev.segtpu.trainer.distributed.AllReduceTest;
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
    int port = AllReduceTest.freePortBlock(2);
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
}
