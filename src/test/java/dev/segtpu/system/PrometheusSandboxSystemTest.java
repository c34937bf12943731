package dev.segtpu.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.segtpu.api.BudgetSpec;
import dev.segtpu.api.Phase;
import dev.segtpu.api.Provisioning;
import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.api.SegmentationTrainingJobStatus;
import dev.segtpu.api.StorageSource;
import dev.segtpu.api.TpuGeneration;
import dev.segtpu.api.TrainerSpec;
import dev.segtpu.operator.checkpointing.CheckpointInterval;
import dev.segtpu.operator.checkpointing.IntervalPlanner;
import dev.segtpu.operator.checkpointing.PreemptionHistory;
import dev.segtpu.operator.metrics.LocalPrometheus;
import dev.segtpu.operator.metrics.MonitoringFiles;
import dev.segtpu.operator.metrics.PrometheusPackage;
import dev.segtpu.operator.status.Conditions;
import dev.segtpu.operator.testing.RequiredTool;
import dev.segtpu.sandbox.Sandbox;
import dev.segtpu.sandbox.SandboxOptions;
import dev.segtpu.sandbox.kubelet.LocalImages;
import dev.segtpu.sandbox.nodepool.NodePoolSpec;
import dev.segtpu.tpu.PriceTable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitoring story end to end on one machine: a real Prometheus (Debian's package, on 127.0.0.1)
 * scrapes the sandbox operator's /metrics and the real trainer's /metrics while two jobs run. One job
 * (the real TensorFlow trainer) feeds every dashboard panel; the other (the stand-in trainer) has a budget
 * of 30 s of its TPU, so it warns, is checkpointed and stopped with BudgetExceeded, and the alerts fire.
 * The API server refuses a few of the operator's status writes (403, as while its RBAC is being changed;
 * the client itself retries 5xx answers), so the reconcile-failure panels have data and the job is seen
 * to carry on.
 */
class PrometheusSandboxSystemTest {

  private static final MonitoringFiles FILES = MonitoringFiles.locate();
  private static final PriceTable PRICES = PriceTable.defaults();
  private static final String VOC_STATUS = "/apis/segtpu.dev/v1alpha1/namespaces/default/segmentationtrainingjobs/voc/status";

  @TempDir
  Path root;

  @Test
  void prometheusScrapesOperatorAndTrainerAndEveryPanelAndBudgetAlertHasData() throws Exception {
    PrometheusPackage prometheusPackage = new PrometheusPackage(FILES.root.getParent());
    Path binary = prometheusPackage.binary("prometheus").orElse(null);
    RequiredTool.require(binary != null, "prometheus not found; " + prometheusPackage.whereItLooked());

    try (Sandbox sandbox = Sandbox.start(SandboxOptions.of(root.resolve("sandbox"), List.of(NodePoolSpec.parse("v5e:1x1:spot:2"))));
         TrainerTargets trainers = new TrainerTargets(sandbox.client(), root.resolve("trainers.json"));
         LocalPrometheus prometheus = LocalPrometheus.start(binary, root, FILES.alertRules(), scrapeConfigs(sandbox, trainers))) {
      SandboxJobs jobs = new SandboxJobs(sandbox);
      jobs.create(budgetJob());
      jobs.create(trainingJob());

      SegmentationTrainingJob stopped = jobs.awaitJob("budget", Duration.ofSeconds(120), j -> SandboxJobs.inPhase(j, Phase.Suspended));
      assertThat(Conditions.find(stopped.getStatus().conditions, "Suspended").orElseThrow().getReason()).isEqualTo("BudgetExceeded");
      assertThat(Conditions.isTrue(stopped.getStatus().conditions, "BudgetWarning")).isTrue();
      assertThat(stopped.getStatus().cost.soFarUSD).isGreaterThanOrEqualTo(stopped.getSpec().budget.maxCostUSD);
      assertThat(stopped.getStatus().checkpointInterval).as("auto interval from the planner")
          .isEqualTo(IntervalPlanner.defaults().plan(CheckpointInterval.parse("auto"), Provisioning.SPOT,
              PreemptionHistory.none(), OptionalDouble.empty()).trainerValue());
      assertThat(jobs.eventReasons("budget", "BudgetExceeded")).contains("BudgetWarning", "BudgetExceeded");
      prometheus.awaitQuery("ALERTS{alertname=\"SegtpuBudgetExceeded\",alertstate=\"firing\",job=\"budget\"}",
          r -> r.size() == 1, Duration.ofSeconds(30));
      assertThat(prometheus.query("max_over_time(ALERTS{alertname=\"SegtpuBudgetWarning\",job=\"budget\"}[10m])")
          .path("data").path("result")).as("the 80 % alert fired before the job stopped").hasSize(1);

      SegmentationTrainingJobStatus training = jobs.awaitJob("voc", Duration.ofSeconds(120), j -> j.getStatus() != null
          && j.getStatus().evalMetrics != null && j.getStatus().lastCheckpoint != null
          && j.getStatus().cost != null && j.getStatus().cost.projectedUSD != null).getStatus();
      assertThat(training.cost.priceTable).isEqualTo(PRICES.label());
      assertThat(training.cost.soFarUSD).isPositive();
      assertThat(training.cost.projectedUSD).isGreaterThan(training.cost.soFarUSD);
      assertThat(training.goodput.productiveSeconds).isPositive();
      assertThat(training.goodput.ratio).isBetween(0.0, 1.0);
      assertThat(training.checkpointInterval).isEqualTo("20steps");

      sandbox.apiServer().faults().failNext("PUT", VOC_STATUS, 403, 3);
      long stepBeforeFaults = training.progress.step;
      jobs.awaitJob("voc", Duration.ofSeconds(120), j -> sandbox.apiServer().faults().pending() == 0
          && j.getStatus().progress.step > stepBeforeFaults);

      List<String> withoutData = awaitEveryPanel(prometheus, Duration.ofSeconds(60));
      System.out.printf("voc: step %d, cost so far %.6f USD, projected %.4f USD (%s), goodput %.3f (productive %.1f s, badput %s),"
              + " interval %s; budget job: %.6f of %.6f USD, interval %s%npanels without data: %s%n",
          training.progress.step, training.cost.soFarUSD, training.cost.projectedUSD, training.cost.priceTable, training.goodput.ratio,
          training.goodput.productiveSeconds, training.goodput.badputSeconds, training.checkpointInterval,
          stopped.getStatus().cost.soFarUSD, stopped.getSpec().budget.maxCostUSD, stopped.getStatus().checkpointInterval, withoutData);
      assertThat(withoutData).as("panels without data").isEmpty();
      assertThat(prometheus.query("sum(operator_sdk_reconciliations_failed_total)").path("data").path("result").path(0)
          .path("value").path(1).asDouble()).as("the injected status-write failures were counted").isGreaterThanOrEqualTo(1);
      assertThat(prometheus.query("segtpu_trainer_loss{namespace=\"default\",job=\"voc\"}").path("data").path("result")).isNotEmpty();
    }
  }

  /**
   * The panels that still return nothing after {@code timeout}; fails at once on a query error. Both jobs
   * train DeepLab, so queries of series only a Mask R-CNN job has (average precisions) are evaluated but
   * not expected to have data (LivePrometheusTest gets them data from a Mask R-CNN job's status).
   */
  private static List<String> awaitEveryPanel(LocalPrometheus prometheus, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<String> withoutData = new ArrayList<>();
      for (Path dashboard : FILES.dashboards()) {
        for (MonitoringFiles.PanelQuery query : MonitoringFiles.queries(dashboard)) {
          JsonNode response = prometheus.query(query.concrete("default", "voc"));
          assertThat(response.path("status").asText()).as("%s / %s: %s", dashboard.getFileName(), query.panel(), response)
              .isEqualTo("success");
          if (response.path("data").path("result").isEmpty() && !query.maskRcnnOnly()) {
            withoutData.add(dashboard.getFileName() + " / " + query.panel() + ": " + query.expr());
          }
        }
      }
      if (withoutData.isEmpty() || System.nanoTime() > deadline) {
        return withoutData;
      }
      Thread.sleep(1000);
    }
  }

  /** The operator as dashboards/prometheus-scrape.yaml scrapes it; the trainers from the pod list. */
  private static String scrapeConfigs(Sandbox sandbox, TrainerTargets trainers) {
    return """
          - job_name: segtpu-operator
            honor_labels: true
            static_configs: [{targets: ['127.0.0.1:%d']}]
          - job_name: segtpu-trainers
            file_sd_configs: [{files: ['%s'], refresh_interval: 1s}]
        """.formatted(sandbox.operatorMetricsUrl().getPort(), trainers.file());
  }

  /** The real trainer, small and quick, evaluating and checkpointing often so every trainer panel has data. */
  private SegmentationTrainingJob trainingJob() {
    SegmentationTrainingJob job = SandboxJobs.example("quick-deeplab-synthetic.yaml");
    job.getMetadata().setName("voc");
    job.getSpec().training.steps = 100_000L;
    job.getSpec().training.evalIntervalSteps = 20L;
    job.getSpec().checkpoint.interval = "20steps";
    job.getSpec().checkpoint.storage = StorageSource.hostPath(root.resolve("checkpoints").toString());
    return job;
  }

  /** The stand-in trainer on an auto interval, with a budget of 30 s of one v5e Spot chip at the default prices. */
  private SegmentationTrainingJob budgetJob() {
    SegmentationTrainingJob job = SandboxJobs.example("quick-deeplab-synthetic.yaml");
    job.getMetadata().setName("budget");
    job.getSpec().training.steps = 1_000_000L;
    job.getSpec().checkpoint.interval = "auto";
    job.getSpec().checkpoint.storage = StorageSource.hostPath(root.resolve("budget-checkpoints").toString());
    job.getSpec().trainer = new TrainerSpec();
    job.getSpec().trainer.image = LocalImages.STANDIN_IMAGE;
    job.getSpec().budget = new BudgetSpec();
    job.getSpec().budget.maxCostUSD = PRICES.perChipHour(TpuGeneration.V5E, Provisioning.SPOT) / 3600 * 30;
    return job;
  }

}
