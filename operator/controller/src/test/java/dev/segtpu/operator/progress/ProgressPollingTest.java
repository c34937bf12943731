package dev.segtpu.operator.progress;

import static dev.segtpu.operator.testing.OperatorHarness.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.segtpu.api.Phase;
import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.operator.reconcile.decide.Figures;
import dev.segtpu.operator.status.JobEvents;
import dev.segtpu.operator.testing.Jobs;
import dev.segtpu.operator.testing.OperatorHarness;
import dev.segtpu.operator.testing.PodStates;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Worker 0's GET /status, served by a stub trainer, reaches the job status; a slow or dead trainer does no harm. */
class ProgressPollingTest {

  static final String REPORT = """
      {"phase": "training", "attempt": 1, "step": 1200, "totalSteps": 20000, "epoch": 3, "loss": 0.41,
       "imagesPerSecond": 12.5, "stepsPerSecond": 1.56, "restoredFromStep": 1000,
       "lastCheckpoint": {"step": 1200, "time": "2026-11-28T09:00:00Z", "attempt": 1, "saveSeconds": 0.41},
       "eval": {"step": 1000, "meanIoU": 0.31, "pixelAccuracy": 0.82, "perClassIoU": [0.9, 0.2]},
       "productiveSeconds": 512.3, "badputSeconds": {"startup": 4.1},
       "device": "/device:CPU:0", "someFutureField": true}
      """;

  HttpServer trainer;
  final AtomicReference<String> body = new AtomicReference<>(REPORT);
  final AtomicInteger delayMillis = new AtomicInteger();
  final AtomicInteger requests = new AtomicInteger();
  OperatorHarness cluster;

  @BeforeEach
  void start() throws IOException {
    trainer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    trainer.createContext("/status", exchange -> {
      requests.incrementAndGet();
      try {
        Thread.sleep(delayMillis.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      } catch (IOException ignored) {
        // the operator gave up waiting
      }
    });
    trainer.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    trainer.start();
    cluster = OperatorHarness.start(OperatorHarness.testSettings("--trainer-status-port=" + trainer.getAddress().getPort()),
        Figures.UNCHANGED);
  }

  @AfterEach
  void stop() {
    cluster.close();
    trainer.stop(0);
  }

  @Test
  void workerZerosReportBecomesTheJobsProgress() {
    runOneWorker("progress");

    await().atMost(OperatorHarness.WAIT).until(() -> cluster.job("progress").getStatus().progress != null);
    SegmentationTrainingJob job = cluster.job("progress");
    assertThat(job.getStatus().progress.step).isEqualTo(1200);
    assertThat(job.getStatus().progress.totalSteps).isEqualTo(20000);
    assertThat(job.getStatus().progress.percent).isEqualTo(6);
    assertThat(job.getStatus().progress.epoch).isEqualTo(3);
    assertThat(job.getStatus().throughput.imagesPerSecond).isEqualTo(12.5);
    assertThat(job.getStatus().lastCheckpoint.step).isEqualTo(1200);
    assertThat(job.getStatus().lastCheckpoint.saveSeconds).isEqualTo(0.41);
    assertThat(job.getStatus().evalMetrics.meanIoU).isEqualTo(0.31);
    assertThat(job.getStatus().device).isEqualTo("/device:CPU:0");
    assertThat(job.getStatus().restoredFromStep).isEqualTo(1000);
    assertThat(cluster.eventReasons("progress")).containsOnlyOnce("CheckpointRestored");

    body.set(REPORT.replace("\"step\": 1200, \"totalSteps\"", "\"step\": 10000, \"totalSteps\""));
    await().atMost(OperatorHarness.WAIT).until(() -> cluster.job("progress").getStatus().progress.percent == 50);
    assertThat(cluster.eventReasons("progress")).containsOnlyOnce("CheckpointRestored");
  }

  @Test
  void theFinalFiguresInTheTerminationMessageAreRecordedWhenTheTrainerExitsBetweenPolls() {
    runOneWorker("final");
    await().atMost(OperatorHarness.WAIT).until(() -> cluster.job("final").getStatus().progress != null);
    assertThat(cluster.job("final").getStatus().lastCheckpoint.step).isEqualTo(1200);

    // The trainer saved its last checkpoint, evaluated and exited before the next poll.
    cluster.setPod("final-a1-w0", PodStates.exited(0, "Completed", """
        {"phase":"done","attempt":1,"step":20000,"totalSteps":20000,
         "lastCheckpoint":{"step":20000,"time":"2026-11-28T17:30:00Z","attempt":1,"saveSeconds":0.5},
         "eval":{"step":20000,"meanIoU":0.77,"pixelAccuracy":0.93}}"""));
    cluster.awaitPhase("final", Phase.Succeeded);
    SegmentationTrainingJob job = cluster.job("final");
    assertThat(job.getStatus().progress.step).isEqualTo(20000);
    assertThat(job.getStatus().progress.percent).isEqualTo(100);
    assertThat(job.getStatus().lastCheckpoint.step).isEqualTo(20000);
    assertThat(job.getStatus().evalMetrics.step).isEqualTo(20000);
    assertThat(job.getStatus().evalMetrics.meanIoU).isEqualTo(0.77);
  }

  @Test
  void aSlowTrainerEndpointIsToleratedAndReadWhenItAnswers() throws InterruptedException {
    delayMillis.set(2000);
    runOneWorker("slow");

    Thread.sleep(1500);
    SegmentationTrainingJob job = cluster.job("slow");
    assertThat(job.getStatus().phase).isEqualTo(Phase.Running);
    assertThat(job.getStatus().progress).isNull();
    assertThat(requests.get()).isGreaterThanOrEqualTo(1);

    delayMillis.set(0);
    await().atMost(OperatorHarness.WAIT).until(() -> cluster.job("slow").getStatus().progress != null);
  }

  @Test
  void aTrainerThatIsDownLeavesTheJobRunning() throws InterruptedException {
    trainer.stop(0);
    runOneWorker("down");

    Thread.sleep(1000);
    assertThat(cluster.job("down").getStatus().phase).isEqualTo(Phase.Running);
    assertThat(cluster.job("down").getStatus().progress).isNull();
  }

  @Test
  void aReportOfAnotherAttemptIsIgnored() {
    body.set(REPORT.replace("\"attempt\": 1, \"step\"", "\"attempt\": 7, \"step\""));
    runOneWorker("stale");

    await().atMost(OperatorHarness.WAIT).until(() -> requests.get() >= 2);
    assertThat(cluster.job("stale").getStatus().progress).isNull();
  }

  @Test
  void anAnswerThatIsNotAReportIsRecordedOnceAsAWarningEventOnTheJobAndTheJobKeepsRunning() {
    body.set("<html>not a report</html>");
    runOneWorker("html");

    await().atMost(OperatorHarness.WAIT)
        .until(() -> cluster.eventReasons("html").contains(JobEvents.TRAINER_STATUS_REJECTED));
    await().atMost(OperatorHarness.WAIT).until(() -> requests.get() >= 3);

    assertThat(cluster.events("html")).filteredOn(e -> e.getReason().equals(JobEvents.TRAINER_STATUS_REJECTED))
        .singleElement().satisfies(e -> {
          assertThat(e.getType()).isEqualTo("Warning");
          assertThat(e.getMessage()).contains("attempt 1").contains("not a status report").contains("counts as no report");
        });
    assertThat(cluster.job("html").getStatus().phase).isEqualTo(Phase.Running);
    assertThat(cluster.job("html").getStatus().progress).isNull();
  }

  /** A single-host job whose worker 0 runs at 127.0.0.1, where the stub trainer answers. */
  private void runOneWorker(String name) {
    cluster.create(Jobs.job(name, NAMESPACE));
    cluster.awaitGang(name, 1, 1);
    cluster.setPod(name + "-a1-w0", PodStates.running("node-1", "127.0.0.1"));
    cluster.awaitPhase(name, Phase.Running);
  }
}
