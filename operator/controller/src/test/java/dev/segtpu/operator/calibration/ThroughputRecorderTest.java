package dev.segtpu.operator.calibration;

import static dev.segtpu.operator.testing.OperatorHarness.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.segtpu.api.Phase;
import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.operator.figures.accounting.JobFigures;
import dev.segtpu.operator.plan.Calibration;
import dev.segtpu.operator.testing.Jobs;
import dev.segtpu.operator.testing.OperatorHarness;
import dev.segtpu.operator.testing.PodStates;
import dev.segtpu.tpu.PriceTable;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The running operator (mock API server) records what succeeded jobs measured in its ConfigMap, once per
 * job, and a job admitted after enough of them is estimated from the measured figure.
 */
class ThroughputRecorderTest {

  static final String KEY = "deeplabv3plus.mobilenetv2.513.v5e.8"; // Jobs.job: DeepLab with the default backbone and crop on a v5e 2x4

  OperatorHarness cluster;

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void threeSucceededJobsMakeAMeasuredPointThatTheNextJobsEstimateUses() {
    cluster = OperatorHarness.start(OperatorHarness.testSettings("--record-throughput=true"), new JobFigures(PriceTable.defaults(), this::calibration));
    double[] measured = {140, 150, 145};
    for (int i = 0; i < measured.length; i++) {
      succeed("done-" + i, measured[i]);
    }

    await().atMost(OperatorHarness.WAIT).until(() -> calibration().points().containsKey(KEY)
        && calibration().points().get(KEY).count() == 3);
    Calibration.Point point = calibration().points().get(KEY);
    assertThat(point.mean()).isCloseTo(145, within(1e-9));
    assertThat(point.spread()).isCloseTo(5, within(1e-9));
    assertThat(configMap().getMetadata().getAnnotations().get(ThroughputRecorder.RECORDED).split(",")).hasSize(3);

    cluster.create(Jobs.job("next", NAMESPACE));
    await().atMost(OperatorHarness.WAIT).ignoreExceptions().until(() -> cluster.job("next").getStatus().estimate != null);
    assertThat(cluster.job("next").getStatus().estimate.basis)
        .contains("at 145.0 images/s (measured: mean of 3 finished jobs on this configuration, spread ±5.0 img/s (3%))");
  }

  @Test
  void aJobSeenSucceedingAgainAfterAnOperatorRestartIsCountedOnce() {
    cluster = OperatorHarness.start(OperatorHarness.testSettings("--record-throughput=true"), new JobFigures(PriceTable.defaults()));
    succeed("once", 120);
    await().atMost(OperatorHarness.WAIT).until(() -> calibration().points().containsKey(KEY));

    SegmentationTrainingJob job = cluster.job("once");
    cluster.restartOperator();
    cluster.assembly().throughput().record(job);

    assertThat(calibration().points().get(KEY).count()).isEqualTo(1);
  }

  @Test
  void aConfigMapTheChartCreatedKeepsItsLabelsAndAnnotationsWhenAJobIsRecorded() {
    cluster = OperatorHarness.start(OperatorHarness.testSettings("--record-throughput=true"), new JobFigures(PriceTable.defaults()));
    cluster.client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata()
        .withName(ThroughputRecorder.NAME).withNamespace("default")
        .addToLabels("app.kubernetes.io/managed-by", "Helm")
        .addToAnnotations(Map.of("meta.helm.sh/release-name", "segtpu", "helm.sh/resource-policy", "keep")).endMetadata().build()).create();

    succeed("recorded", 130);
    await().atMost(OperatorHarness.WAIT).until(() -> calibration().points().containsKey(KEY));

    assertThat(configMap().getMetadata().getLabels()).as("Helm's ownership, or the next upgrade refuses the object")
        .containsEntry("app.kubernetes.io/managed-by", "Helm");
    assertThat(configMap().getMetadata().getAnnotations()).containsEntry("meta.helm.sh/release-name", "segtpu")
        .containsEntry("helm.sh/resource-policy", "keep").containsKey(ThroughputRecorder.RECORDED);
  }

  /** Runs the job's single worker to success with a final report of {@code imagesPerSecond}. */
  private void succeed(String name, double imagesPerSecond) {
    cluster.create(Jobs.job(name, NAMESPACE));
    cluster.awaitGang(name, 1, 1);
    cluster.setPod(name + "-a1-w0", PodStates.exited(0, "Completed", """
        {"phase":"done","attempt":1,"step":1000,"totalSteps":1000,"imagesPerSecond":%s,"stepsPerSecond":%s,
         "lastCheckpoint":{"step":1000,"time":"2026-12-01T09:00:00Z","attempt":1,"saveSeconds":0.5}}"""
        .formatted(imagesPerSecond, imagesPerSecond / 64)));
    cluster.awaitPhase(name, Phase.Succeeded);
  }

  private ConfigMap configMap() {
    return cluster.client.configMaps().inNamespace("default").withName(ThroughputRecorder.NAME).get();
  }

  private Calibration calibration() {
    ConfigMap map = configMap();
    return map == null ? Calibration.empty() : Calibration.fromData(map.getData() == null ? Map.of() : map.getData());
  }
}
