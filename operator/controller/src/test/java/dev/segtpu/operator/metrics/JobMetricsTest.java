package dev.segtpu.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segtpu.api.Architecture;
import dev.segtpu.api.BudgetSpec;
import dev.segtpu.api.ModelSpec;
import dev.segtpu.api.Phase;
import dev.segtpu.api.Provisioning;
import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.api.SegmentationTrainingJobSpec;
import dev.segtpu.api.SegmentationTrainingJobStatus;
import dev.segtpu.api.TpuGeneration;
import dev.segtpu.api.TpuSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobMetricsTest {

  private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JobMetrics metrics = new JobMetrics(registry, Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void exposesEveryFigureOfTheStatusUnderPrometheusNamesWithTheJobLabels() {
    metrics.observe(runningJob("voc", Provisioning.SPOT));
    String scrape = registry.scrape();
    String labels = "generation=\"v5e\",job=\"voc\",model=\"deeplabv3plus\",namespace=\"ml\",provisioning=\"spot\",topology=\"2x4\"";

    assertThat(scrape)
        .contains("segtpu_job_step{" + labels + "} 1200.0")
        .contains("segtpu_job_progress_ratio{" + labels + "} 0.06")
        .contains("segtpu_job_images_per_second{" + labels + "} 12.5")
        .contains("segtpu_job_cost_so_far_usd{" + labels + "} 3.5")
        .contains("segtpu_job_cost_projected_usd{" + labels + "} 40.0")
        .contains("segtpu_job_cost_wasted_usd{" + labels + "} 0.25")
        .contains("segtpu_job_budget_usd{" + labels + "} 50.0")
        .contains("segtpu_job_preemptions_total{" + labels + "} 2.0")
        .contains("segtpu_job_restarts_total{" + labels + "} 2.0")
        .contains("segtpu_job_failures_total{" + labels + "} 0.0")
        .contains("segtpu_job_hangs_total{" + labels + "} 0.0")
        .contains("segtpu_job_goodput_ratio{" + labels + "} 0.8")
        .contains("segtpu_job_productive_seconds{" + labels + "} 800.0")
        .contains("segtpu_job_badput_seconds{category=\"checkpointSave\"," + labels + "} 30.0")
        .contains("segtpu_job_badput_seconds{category=\"disruption\"," + labels + "} 120.0")
        .contains("segtpu_job_badput_seconds{category=\"dataWait\"," + labels + "} 0.0")
        .contains("segtpu_job_checkpoint_age_seconds{" + labels + "} 300.0")
        .contains("segtpu_job_checkpoint_interval_seconds{" + labels + "} 600.0")
        .contains("segtpu_job_eval_mean_iou{" + labels + "} 0.31")
        .containsPattern("segtpu_job_phase\\{[^}]*phase=\"Running\"[^}]*} 1.0")
        .containsPattern("segtpu_job_phase\\{[^}]*phase=\"Pending\"[^}]*} 0.0")
        .contains("segtpu_job_chip_seconds_total{generation=\"v5e\",job=\"voc\",model=\"deeplabv3plus\",namespace=\"ml\",provisioning=\"spot\",topology=\"2x4\"} 28800.0")
        .contains("segtpu_job_cost_by_provisioning_usd{generation=\"v5e\",job=\"voc\",model=\"deeplabv3plus\",namespace=\"ml\",provisioning=\"spot\",topology=\"2x4\"} 2.88");
  }

  @Test
  void seriesFollowTheLatestObservedStatus() {
    SegmentationTrainingJob job = runningJob("voc", Provisioning.SPOT);
    metrics.observe(job);
    job.getStatus().progress.step = 1500L;
    job.getStatus().preemptions = 3;
    metrics.observe(job);

    assertThat(registry.scrape())
        .contains("segtpu_job_step{generation=\"v5e\",job=\"voc\"")
        .containsPattern("segtpu_job_step\\{[^}]*} 1500.0")
        .containsPattern("segtpu_job_preemptions_total\\{[^}]*} 3.0");
  }

  @Test
  void removingAJobDeletesAllItsSeriesAndLeavesOtherJobsAlone() {
    metrics.observe(runningJob("voc", Provisioning.SPOT));
    metrics.observe(runningJob("coco", Provisioning.ON_DEMAND));
    int metersWithTwoJobs = registry.getMeters().size();

    metrics.remove("ml", "voc");

    assertThat(registry.scrape()).doesNotContain("job=\"voc\"").contains("job=\"coco\"");
    assertThat(registry.getMeters()).hasSize(metersWithTwoJobs / 2);
    assertThat(metrics.observedJobs()).isEqualTo(1);
  }

  @Test
  void aProvisioningFallbackReplacesTheJobsSeriesInsteadOfAddingToThem() {
    SegmentationTrainingJob job = runningJob("voc", Provisioning.SPOT);
    metrics.observe(job);
    int metersBefore = registry.getMeters().size();

    job.getStatus().provisioning = Provisioning.ON_DEMAND;
    job.getStatus().cost.chipSecondsByProvisioning = Map.of("spot", 28800.0, "on-demand", 3600.0);
    job.getStatus().cost.soFarUSDByProvisioning = Map.of("spot", 2.88, "on-demand", 1.2);
    metrics.observe(job);

    String scrape = registry.scrape();
    assertThat(scrape).doesNotContainPattern("segtpu_job_step\\{[^}]*provisioning=\"spot\"");
    assertThat(scrape).containsPattern("segtpu_job_step\\{[^}]*provisioning=\"on-demand\"");
    // chip-seconds keep one series per billed mode
    assertThat(scrape).containsPattern("segtpu_job_chip_seconds_total\\{[^}]*provisioning=\"spot\"[^}]*} 28800.0");
    assertThat(scrape).containsPattern("segtpu_job_chip_seconds_total\\{[^}]*provisioning=\"on-demand\"[^}]*} 3600.0");
    assertThat(registry.getMeters()).hasSize(metersBefore + 2);
  }

  @Test
  void unknownFiguresAreNaNSoAlertComparisonsStayFalse() {
    SegmentationTrainingJob job = runningJob("fresh", Provisioning.SPOT);
    job.setStatus(new SegmentationTrainingJobStatus());
    job.getSpec().budget = null;
    metrics.observe(job);

    assertThat(registry.scrape())
        .containsPattern("segtpu_job_checkpoint_age_seconds\\{[^}]*} NaN")
        .containsPattern("segtpu_job_budget_usd\\{[^}]*} NaN")
        .containsPattern("segtpu_job_phase\\{[^}]*phase=\"Pending\"[^}]*} 1.0");
  }

  @Test
  void aStepIntervalIsConvertedToSecondsWithTheMeasuredStepRate() {
    SegmentationTrainingJob job = runningJob("voc", Provisioning.SPOT);
    job.getStatus().checkpointInterval = "2000steps";
    metrics.observe(job);

    assertThat(registry.scrape()).containsPattern("segtpu_job_checkpoint_interval_seconds\\{[^}]*} 1000.0");
  }

  @Test
  void aMaskRcnnJobShowsEachAveragePrecisionItsEvaluationReports() {
    metrics.observe(maskRcnnJob("coco", Provisioning.SPOT));
    String labels = "generation=\"v5e\",job=\"coco\",model=\"maskrcnn\",namespace=\"ml\",provisioning=\"spot\",topology=\"2x4\"";

    assertThat(registry.scrape())
        .contains("segtpu_job_eval_box_ap{" + labels + "} 0.372")
        .contains("segtpu_job_eval_mask_ap{" + labels + "} 0.341")
        .contains("segtpu_job_eval_box_ap50{" + labels + "} 0.581")
        .contains("segtpu_job_eval_box_ap75{" + labels + "} 0.402")
        .contains("segtpu_job_eval_mean_iou{" + labels + "} NaN");
  }

  @Test
  void anAveragePrecisionFollowsTheLatestEvaluationAndLeavesWithTheJob() {
    SegmentationTrainingJob job = maskRcnnJob("coco", Provisioning.SPOT);
    metrics.observe(job);
    job.getStatus().evalMetrics.boxAP = 0.401;
    metrics.observe(job);

    assertThat(registry.scrape()).containsPattern("segtpu_job_eval_box_ap\\{[^}]*} 0.401");

    metrics.remove("ml", "coco");

    assertThat(registry.scrape()).doesNotContain("segtpu_job_eval_box_ap").doesNotContain("segtpu_job_eval_mask_ap");
  }

  @Test
  void aDeepLabJobHasNoAveragePrecisionSeries() {
    metrics.observe(runningJob("voc", Provisioning.SPOT));

    assertThat(registry.scrape()).contains("segtpu_job_eval_mean_iou")
        .doesNotContain("segtpu_job_eval_box_ap").doesNotContain("segtpu_job_eval_mask_ap");
  }

  /** A Mask R-CNN job whose latest evaluation reports COCO's box and mask AP, and no mIoU. */
  static SegmentationTrainingJob maskRcnnJob(String name, Provisioning provisioning) {
    SegmentationTrainingJob job = runningJob(name, provisioning);
    job.getSpec().model.architecture = Architecture.MASK_RCNN;
    SegmentationTrainingJobStatus.EvalMetricsStatus eval = new SegmentationTrainingJobStatus.EvalMetricsStatus();
    eval.step = 1000L;
    eval.boxAP = 0.372;
    eval.maskAP = 0.341;
    eval.boxAP50 = 0.581;
    eval.boxAP75 = 0.402;
    job.getStatus().evalMetrics = eval;
    return job;
  }

  static SegmentationTrainingJob runningJob(String name, Provisioning provisioning) {
    SegmentationTrainingJob job = new SegmentationTrainingJob();
    job.setMetadata(new ObjectMetaBuilder().withNamespace("ml").withName(name).build());
    SegmentationTrainingJobSpec spec = new SegmentationTrainingJobSpec();
    spec.model = new ModelSpec();
    spec.model.architecture = Architecture.DEEPLAB_V3_PLUS;
    spec.tpu = new TpuSpec();
    spec.tpu.generation = TpuGeneration.V5E;
    spec.tpu.topology = "2x4";
    spec.tpu.provisioning = provisioning;
    spec.budget = new BudgetSpec();
    spec.budget.maxCostUSD = 50.0;
    job.setSpec(spec);

    SegmentationTrainingJobStatus status = new SegmentationTrainingJobStatus();
    status.phase = Phase.Running;
    status.provisioning = provisioning;
    status.attempt = 3;
    status.preemptions = 2;
    status.failures = 0;
    status.progress = new SegmentationTrainingJobStatus.ProgressStatus();
    status.progress.step = 1200L;
    status.progress.totalSteps = 20000L;
    status.throughput = new SegmentationTrainingJobStatus.ThroughputStatus();
    status.throughput.imagesPerSecond = 12.5;
    status.throughput.stepsPerSecond = 2.0;
    status.cost = new SegmentationTrainingJobStatus.CostStatus();
    status.cost.soFarUSD = 3.5;
    status.cost.projectedUSD = 40.0;
    status.cost.wastedUSD = 0.25;
    status.cost.chipSecondsByProvisioning = Map.of(provisioning.value(), 28800.0);
    status.cost.soFarUSDByProvisioning = Map.of(provisioning.value(), 2.88);
    status.goodput = new SegmentationTrainingJobStatus.GoodputStatus();
    status.goodput.ratio = 0.8;
    status.goodput.productiveSeconds = 800.0;
    status.goodput.badputSeconds = Map.of("checkpointSave", 30.0, "disruption", 120.0, "scheduling", 50.0);
    status.lastCheckpoint = new SegmentationTrainingJobStatus.CheckpointStatus();
    status.lastCheckpoint.step = 1000L;
    status.lastCheckpoint.time = "2026-11-28T09:55:00Z";
    status.checkpointInterval = "600s";
    status.evalMetrics = new SegmentationTrainingJobStatus.EvalMetricsStatus();
    status.evalMetrics.meanIoU = 0.31;
    job.setStatus(status);
    return job;
  }
}
