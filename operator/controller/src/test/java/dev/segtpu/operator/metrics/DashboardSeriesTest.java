package dev.segtpu.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segtpu.api.Provisioning;
import dev.segtpu.tpu.PriceTable;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The dashboards and alert rules query only series that exist. */
class DashboardSeriesTest {

  private static final MonitoringFiles FILES = MonitoringFiles.locate();

  @Test
  void everyOperatorSeriesTheDashboardsAndAlertsQueryIsExposedByTheOperator() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    JobMetrics metrics = new JobMetrics(registry, Clock.systemUTC());
    metrics.observe(JobMetricsTest.runningJob("voc", Provisioning.SPOT));
    metrics.observe(JobMetricsTest.maskRcnnJob("coco", Provisioning.SPOT));
    new PriceTableSeries(registry).show(PriceTable.defaults());
    Set<String> exposed = MonitoringFiles.metricNames(registry.scrape());

    Set<String> queried = queriedSeries("segtpu_");
    queried.removeIf(MonitoringFiles::trainerSeries);

    assertThat(queried).isNotEmpty();
    assertThat(exposed).containsAll(queried);
  }

  @Test
  void everyTrainerSeriesTheDashboardsQueryIsDefinedByTheTrainer() throws IOException {
    Path trainerMetrics = FILES.root.getParent().resolve("trainer-image/src/main/java/dev/segtpu/trainer/telemetry/TrainerMetrics.java");
    String source = Files.readString(trainerMetrics);

    for (String series : queriedSeries("segtpu_trainer_")) {
      String name = series.replaceFirst("^segtpu_trainer_", "").replaceFirst("_(total|bucket|sum|count)$", "");
      assertThat(source).as("%s is not defined in %s", series, trainerMetrics).contains("\"" + name + "\"");
    }
  }

  @Test
  void everyOperatorSdkSeriesTheyQueryIsWhatJosdksMicrometerSupportRegisters() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    JosdkReconcile.failOnce(registry);
    Set<String> exposed = MonitoringFiles.metricNames(registry.scrape());

    Set<String> queried = queriedSeries("operator_sdk_");

    assertThat(queried).isNotEmpty();
    assertThat(exposed).containsAll(queried);
  }

  private static Set<String> queriedSeries(String prefix) {
    Set<String> names = new TreeSet<>();
    FILES.dashboards().forEach(d -> MonitoringFiles.queries(d).forEach(q -> names.addAll(MonitoringFiles.metricNames(q.expr()))));
    FILES.alertExpressions().forEach(e -> names.addAll(MonitoringFiles.metricNames(e)));
    names.removeIf(n -> !n.startsWith(prefix));
    return names;
  }
}
