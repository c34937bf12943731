package dev.segtpu.operator.figures.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.segtpu.api.BudgetSpec;
import dev.segtpu.api.Phase;
import dev.segtpu.api.Provisioning;
import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.api.SegmentationTrainingJobStatus;
import dev.segtpu.api.TpuGeneration;
import dev.segtpu.operator.status.Conditions;
import dev.segtpu.operator.testing.Jobs;
import dev.segtpu.operator.testing.OperatorHarness;
import dev.segtpu.operator.testing.PodStates;
import dev.segtpu.tpu.PriceTable;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The real cost, goodput and per-job series wired into the running operator (mock API server): the
 * figures the status and /metrics show come from the pods' TPU holds and a price table.
 */
class JobFiguresTest {

  /** Made up so that one chip-hour is easy to check: $10 on Spot, $30 on demand, for every generation. */
  static final PriceTable PRICES = prices(10.0, 30.0);
  static final int CHIPS = 8; // v5e 2x4: one host with 8 chips

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private OperatorHarness cluster;

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aRunningGangIsPricedFromTheMomentItsNodeWasHeldWithTheNamedPriceTable() {
    start();
    cluster.create(Jobs.job("voc", OperatorHarness.NAMESPACE));
    holdSince("voc", 1, Instant.now().minus(Duration.ofHours(1)));

    SegmentationTrainingJobStatus status = awaitStatus("voc", s -> s.cost != null && s.cost.chipHours != null && s.cost.chipHours > 7.9);

    assertThat(status.cost.priceTable).isEqualTo("test-prices (2026-11-01)");
    assertThat(status.cost.soFarUSD).isCloseTo(CHIPS * 10.0, within(0.5));
    assertThat(status.cost.soFarUSDByProvisioning).containsOnlyKeys("spot");
    assertThat(status.cost.chipSecondsByProvisioning.get("spot")).isCloseTo(CHIPS * 3600.0, within(60.0));
    assertThat(status.cost.releasedChipSeconds).isEmpty();
    assertThat(status.goodput.badputSeconds).containsKey("scheduling");
    assertThat(status.goodput.ratio).isNotNull();
    assertThat(registry.scrape()).contains("segtpu_price_table_info{date=\"2026-11-01\",table=\"test-prices\"} 1")
        .containsPattern("segtpu_job_cost_so_far_usd\\{.*job=\"voc\".*} 8\\d\\.");
  }

  @Test
  void aJobOfTwoSlicesIsPricedForTheChipsOfBothSlices() {
    start();
    SegmentationTrainingJob job = Jobs.job("two", OperatorHarness.NAMESPACE);  // v5e 2x4 Spot: one 8-chip host per slice
    job.getSpec().tpu.slices = 2;
    cluster.create(job);
    cluster.awaitGang("two", 1, 2);
    Instant since = Instant.now().minus(Duration.ofHours(1));
    for (int worker = 0; worker < 2; worker++) {
      int host = worker;
      cluster.setPod("two-a1-w" + worker, pod -> new PodBuilder(runningSince(since).apply(pod)).editSpec()
          .withNodeName("tpu-node-" + host).endSpec().build());
    }

    SegmentationTrainingJobStatus status = awaitStatus("two", s -> s.cost != null && s.cost.chipHours != null
        && s.cost.chipHours > 2 * CHIPS - 0.1);

    assertThat(status.cost.chipSecondsByProvisioning.get("spot")).isCloseTo(2 * CHIPS * 3600.0, within(120.0));
    assertThat(status.cost.soFarUSD).isCloseTo(2 * CHIPS * 10.0, within(1.0));
    assertThat(status.tpu).isEqualTo("2 × v5e 2x4 spot");
    assertThat(registry.scrape()).containsPattern("segtpu_job_cost_so_far_usd\\{.*job=\"two\".*} 16\\d\\.");
  }

  @Test
  void aPreemptedAttemptJoinsTheLedgerOnceAndTheNextAttemptAddsOnlyItsOwnTime() {
    start();
    cluster.create(Jobs.job("coco", OperatorHarness.NAMESPACE));
    holdSince("coco", 1, Instant.now().minus(Duration.ofHours(1)));
    awaitStatus("coco", s -> s.cost != null && s.cost.chipHours != null && s.cost.chipHours > 7.9);

    cluster.setPod("coco-a1-w0", PodStates.disrupted("TerminationByKubelet"));
    cluster.awaitGang("coco", 2, 1);
    holdSince("coco", 2, Instant.now().minus(Duration.ofMinutes(30)));

    SegmentationTrainingJobStatus status = awaitStatus("coco", s -> s.attemptOrZero() == 2 && s.phase == Phase.Running
        && s.cost.chipHours > 11.9);
    assertThat(status.preemptions).isEqualTo(1);
    assertThat(status.cost.releasedChipSeconds.get("spot")).isCloseTo(CHIPS * 3600.0, within(60.0));
    assertThat(status.cost.soFarUSD).isCloseTo(CHIPS * 15.0, within(0.5));
    assertThat(status.goodput.closedAttemptsBadputSeconds.get("other")).isCloseTo(3600.0, within(30.0));
  }

  @Test
  void aWorkerThatVanishedWhileTheOperatorWasDownIsStillBilled() {
    start();
    cluster.create(Jobs.job("gap", OperatorHarness.NAMESPACE));
    holdSince("gap", 1, Instant.now().minus(Duration.ofHours(1)));
    awaitStatus("gap", s -> s.cost != null && s.cost.heldNodes != null && s.cost.chipHours > 7.9);

    cluster.stopOperator();
    cluster.client.pods().inNamespace(OperatorHarness.NAMESPACE).withName("gap-a1-w0").delete();
    cluster.startOperator();

    SegmentationTrainingJobStatus status = awaitStatus("gap", s -> s.cost.releasedChipSeconds != null
        && s.cost.releasedChipSeconds.containsKey("spot"));
    assertThat(status.cost.releasedChipSeconds.get("spot")).isCloseTo(CHIPS * 3600.0, within(120.0));
    assertThat(status.preemptions).isEqualTo(1);
  }

  @Test
  void crossingEightyPercentOfTheBudgetWarnsWhileTheJobKeepsRunning() {
    start();
    SegmentationTrainingJob job = Jobs.job("warn", OperatorHarness.NAMESPACE);
    job.getSpec().budget = budget(CHIPS * 10.0 / 0.9); // one held hour is 90 % of it
    cluster.create(job);
    holdSince("warn", 1, Instant.now().minus(Duration.ofHours(1)));

    await().atMost(OperatorHarness.WAIT).until(() -> Conditions.isTrue(cluster.job("warn").getStatus().conditions, "BudgetWarning"));
    assertThat(cluster.job("warn").getStatus().phase).isEqualTo(Phase.Running);
    assertThat(cluster.eventReasons("warn")).contains("BudgetWarning").doesNotContain("BudgetExceeded");
  }

  @Test
  void spendingTheBudgetStopsTheGangAndRaisingItResumesFromTheLedger() {
    start();
    SegmentationTrainingJob job = Jobs.job("spent", OperatorHarness.NAMESPACE);
    job.getSpec().budget = budget(CHIPS * 10.0 * 0.75);
    cluster.create(job);
    holdSince("spent", 1, Instant.now().minus(Duration.ofHours(1)));

    await().atMost(OperatorHarness.WAIT).until(() -> cluster.pods("spent").isEmpty());
    SegmentationTrainingJob stopped = cluster.awaitPhase("spent", Phase.Suspended);
    assertThat(Conditions.find(stopped.getStatus().conditions, "Suspended").orElseThrow().getReason()).isEqualTo("BudgetExceeded");
    assertThat(stopped.getStatus().cost.releasedChipSeconds.get("spot")).isCloseTo(CHIPS * 3600.0, within(60.0));
    assertThat(cluster.eventReasons("spent")).contains("BudgetExceeded");

    cluster.editJob("spent", j -> {
      j.getSpec().budget.maxCostUSD = 1000.0;
      return j;
    });
    cluster.awaitGang("spent", 2, 1);
  }

  @Test
  void deletingAJobRemovesItsSeries() {
    start();
    cluster.create(Jobs.job("gone", OperatorHarness.NAMESPACE));
    holdSince("gone", 1, Instant.now().minus(Duration.ofMinutes(5)));
    await().atMost(OperatorHarness.WAIT).until(() -> registry.scrape().contains("job=\"gone\""));

    cluster.client.resource(cluster.job("gone")).delete();

    await().atMost(OperatorHarness.WAIT).until(() -> !registry.scrape().contains("job=\"gone\""));
  }

  private void start() {
    cluster = OperatorHarness.start(OperatorHarness.testSettings(), new JobFigures(PRICES), registry);
  }

  /** Runs the attempt's single worker on a TPU node it has held since {@code since}. */
  private void holdSince(String job, int attempt, Instant since) {
    cluster.awaitGang(job, attempt, 1);
    cluster.setGang(job, attempt, runningSince(since));
  }

  static UnaryOperator<Pod> runningSince(Instant since) {
    return pod -> {
      Pod running = PodStates.running("tpu-node", "10.0.0.7").apply(pod);
      return new PodBuilder(running).editStatus().withConditions(new PodConditionBuilder().withType("PodScheduled")
          .withStatus("True").withLastTransitionTime(since.toString()).build()).endStatus().build();
    };
  }

  private SegmentationTrainingJobStatus awaitStatus(String job, java.util.function.Predicate<SegmentationTrainingJobStatus> ready) {
    await().atMost(OperatorHarness.WAIT).ignoreExceptions()
        .until(() -> cluster.job(job).getStatus() != null && ready.test(cluster.job(job).getStatus()));
    return cluster.job(job).getStatus();
  }

  static BudgetSpec budget(double usd) {
    BudgetSpec budget = new BudgetSpec();
    budget.maxCostUSD = usd;
    return budget;
  }

  static PriceTable prices(double spot, double onDemand) {
    Map<TpuGeneration, Map<Provisioning, Double>> prices = new EnumMap<>(TpuGeneration.class);
    for (TpuGeneration generation : TpuGeneration.values()) {
      Map<Provisioning, Double> row = new EnumMap<>(Provisioning.class);
      for (Provisioning mode : Provisioning.values()) {
        row.put(mode, mode.reclaimable() ? spot : onDemand);
      }
      prices.put(generation, row);
    }
    return new PriceTable("test-prices", "2026-11-01", "made up for tests", prices);
  }
}
