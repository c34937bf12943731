package dev.segtpu.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.segtpu.api.Provisioning;
import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.operator.testing.RequiredTool;
import dev.segtpu.tpu.PriceTable;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus (Debian's package, extracted, listening on 127.0.0.1) scrapes the operator's
 * series served over HTTP exactly as {@link JobMetrics}, {@link PriceTableSeries} and JOSDK's Micrometer
 * support write them, loads the alert rules, and answers every dashboard query. Trainer series are not
 * produced here (that needs the sandbox), so their panels must evaluate without error but may return
 * no data; every other panel must return data. The job {@code voc} is a DeepLab job, {@code coco} a Mask
 * R-CNN job: queries of series only Mask R-CNN jobs have (average precisions) are asked about {@code coco}.
 */
class LivePrometheusTest {

  private static final MonitoringFiles FILES = MonitoringFiles.locate();

  @TempDir
  static Path dir;
  private static HttpServer exporter;
  private static LocalPrometheus prometheus;

  @BeforeAll
  static void startPrometheusScrapingJobMetrics() throws Exception {
    PrometheusPackage prometheusPackage = new PrometheusPackage(FILES.root.getParent());
    Path binary = prometheusPackage.binary("prometheus").orElse(null);
    RequiredTool.require(binary != null, "prometheus not found; " + prometheusPackage.whereItLooked());

    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    JobMetrics metrics = new JobMetrics(registry, Clock.systemUTC());
    SegmentationTrainingJob nearBudget = JobMetricsTest.runningJob("voc", Provisioning.SPOT);
    nearBudget.getStatus().cost.soFarUSD = 45.0; // 90 % of the $50 budget
    metrics.observe(nearBudget);
    metrics.observe(JobMetricsTest.maskRcnnJob("coco", Provisioning.ON_DEMAND));
    new PriceTableSeries(registry).show(PriceTable.defaults());
    JosdkReconcile.failOnce(registry);

    exporter = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    exporter.createContext("/metrics", exchange -> {
      byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    exporter.start();

    prometheus = LocalPrometheus.start(binary, dir, FILES.alertRules(), """
          - job_name: segtpu-operator
            honor_labels: true
            static_configs: [{targets: ['127.0.0.1:%d']}]
        """.formatted(exporter.getAddress().getPort()));

    // enough scrapes for rate() and increase() over a window to have two points or more
    awaitQuery("count_over_time(segtpu_job_step{job=\"voc\"}[1m])", r -> r.size() == 1 && r.get(0).path("value").get(1).asDouble() >= 4);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (prometheus != null) {
      prometheus.close();
    }
    if (exporter != null) {
      exporter.stop(0);
    }
  }

  @Test
  void everyDashboardQueryEvaluatesAndEveryQueryOfOperatorSeriesReturnsData() throws Exception {
    List<String> withoutData = new ArrayList<>();
    for (Path dashboard : FILES.dashboards()) {
      for (MonitoringFiles.PanelQuery query : MonitoringFiles.queries(dashboard)) {
        JsonNode response = query(query.maskRcnnOnly() ? query.concrete("ml", "coco") : query.concrete());
        assertThat(response.path("status").asText()).as("%s / %s: %s", dashboard.getFileName(), query.panel(), response).isEqualTo("success");
        boolean operatorOnly = MonitoringFiles.metricNames(query.expr()).stream().noneMatch(MonitoringFiles::trainerSeries);
        if (operatorOnly) {
          assertThat(response.path("data").path("result")).as("%s / %s returned no data: %s", dashboard.getFileName(), query.panel(), query.concrete()).isNotEmpty();
        } else if (response.path("data").path("result").isEmpty()) {
          withoutData.add(dashboard.getFileName() + " / " + query.panel() + ": " + query.expr());
        }
      }
    }
    System.out.println("Panels that need the trainer's series (no data in this test):\n  " + String.join("\n  ", withoutData));
  }

  @Test
  void theJobVariableListsTheObservedJobs() throws Exception {
    String match = URLEncoder.encode("segtpu_job_phase{namespace=\"ml\"}", StandardCharsets.UTF_8);
    JsonNode values = get("label/job/values?match[]=" + match).path("data");

    assertThat(values).extracting(JsonNode::asText).containsExactlyInAnyOrder("voc", "coco");
  }

  @Test
  void theBudgetWarningFiresFromTheOperatorsRealOutput() throws Exception {
    JsonNode firing = awaitQuery("ALERTS{alertname=\"SegtpuBudgetWarning\",alertstate=\"firing\"}", r -> !r.isEmpty());

    assertThat(firing).hasSize(1);
    assertThat(firing.get(0).path("metric").path("job").asText()).isEqualTo("voc");
    assertThat(query("ALERTS{alertname=\"SegtpuBudgetExceeded\"}").path("data").path("result")).isEmpty();
  }

  private static JsonNode awaitQuery(String promql, Predicate<JsonNode> done) throws Exception {
    return prometheus.awaitQuery(promql, done, Duration.ofSeconds(60));
  }

  private static JsonNode query(String promql) throws IOException, InterruptedException {
    return prometheus.query(promql);
  }

  private static JsonNode get(String path) throws IOException, InterruptedException {
    return prometheus.get(path);
  }
}
