package dev.segtpu.operator.figures.accounting;

import static dev.segtpu.operator.testing.OperatorHarness.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.segtpu.api.BudgetSpec;
import dev.segtpu.api.Phase;
import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.api.SegmentationTrainingJobStatus;
import dev.segtpu.operator.status.Conditions;
import dev.segtpu.operator.testing.Jobs;
import dev.segtpu.operator.testing.OperatorHarness;
import dev.segtpu.operator.testing.PodStates;
import dev.segtpu.tpu.PriceTable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The running operator (mock API server, a stub trainer's /status) writes {@code status.estimate} when it
 * admits a job, projects the finish from the throughput the trainer reports, and raises ProjectedOverLimit
 * when the measured pace would overrun the budget that the admission estimate fitted in.
 */
class EstimateInStatusTest {

  /** 1,000 steps at batch 64 (Jobs.job) left 900 steps at 0.05 steps/s: 5 h on 8 v5e Spot chips at $0.36, about $14. */
  static final String SLOW_REPORT = """
      {"phase": "training", "attempt": 1, "step": 100, "totalSteps": 1000, "epoch": 0,
       "imagesPerSecond": 3.2, "stepsPerSecond": 0.05, "productiveSeconds": 2000.0}
      """;

  HttpServer trainer;
  final AtomicReference<String> body = new AtomicReference<>("{}");
  OperatorHarness cluster;

  @BeforeEach
  void start() throws IOException {
    trainer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    trainer.createContext("/status", exchange -> {
      byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    });
    trainer.start();
    cluster = OperatorHarness.start(OperatorHarness.testSettings("--trainer-status-port=" + trainer.getAddress().getPort()),
        new JobFigures(PriceTable.defaults()));
  }

  @AfterEach
  void stop() {
    cluster.close();
    trainer.stop(0);
  }

  @Test
  void anAdmittedJobShowsItsEstimateAndTheMeasuredPaceProjectsAFinishThatOverrunsItsBudget() {
    SegmentationTrainingJob job = Jobs.job("paced", NAMESPACE);
    job.getSpec().budget = new BudgetSpec();
    job.getSpec().budget.maxCostUSD = 5.0;
    Instant created = Instant.now();
    cluster.create(job);

    SegmentationTrainingJobStatus admitted = awaitStatus("paced", s -> s.estimate != null
        && Conditions.find(s.conditions, "ProjectedOverLimit").isPresent());
    assertThat(admitted.estimate.basis).startsWith("planner: v5e-8 2x4 spot at ");
    assertThat(admitted.estimate.durationSeconds).isPositive();
    assertThat(admitted.estimate.costUSD).isPositive().isLessThan(5.0);
    assertThat(Instant.parse(admitted.estimate.admittedTime)).isBetween(created.minusSeconds(1), Instant.now());
    assertThat(Conditions.find(admitted.conditions, "ProjectedOverLimit").orElseThrow().getStatus()).isEqualTo("False");

    body.set(SLOW_REPORT);
    cluster.awaitGang("paced", 1, 1);
    cluster.setPod("paced-a1-w0", PodStates.running("node-1", "127.0.0.1"));
    cluster.awaitPhase("paced", Phase.Running);

    SegmentationTrainingJobStatus projected = awaitStatus("paced", s -> s.estimate.projectedFinishTime != null
        && Conditions.isTrue(s.conditions, "ProjectedOverLimit"));
    Duration ahead = Duration.between(Instant.now(), Instant.parse(projected.estimate.projectedFinishTime));
    assertThat(ahead).isBetween(Duration.ofHours(5).minusMinutes(1), Duration.ofHours(6));
    assertThat(projected.estimate.finishTime).isEqualTo(admitted.estimate.finishTime);
    assertThat(Conditions.find(projected.conditions, "ProjectedOverLimit").orElseThrow().getReason()).isEqualTo("ProjectedOverBudget");
    assertThat(projected.phase).isEqualTo(Phase.Running);
    assertThat(cluster.eventReasons("paced")).contains("ProjectedOverLimit").doesNotContain("BudgetExceeded");
  }

  private SegmentationTrainingJobStatus awaitStatus(String job, Predicate<SegmentationTrainingJobStatus> ready) {
    await().atMost(OperatorHarness.WAIT).ignoreExceptions()
        .until(() -> cluster.job(job).getStatus() != null && ready.test(cluster.job(job).getStatus()));
    return cluster.job(job).getStatus();
  }
}
