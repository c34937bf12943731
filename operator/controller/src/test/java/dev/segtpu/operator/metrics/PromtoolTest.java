package dev.segtpu.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segtpu.operator.testing.RequiredTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs Prometheus' own promtool on the alert rules, their unit tests and every dashboard query.
 * promtool comes from Debian's prometheus package, extracted (never installed: that starts a daemon)
 * by .ci/install-prometheus.sh into .tools/prometheus (CI) or, when missing, by this test into
 * target/prometheus. When promtool cannot be found or fetched it is skipped, saying where it looked (under
 * CI it fails: {@link RequiredTool}).
 */
class PromtoolTest {

  private static final MonitoringFiles FILES = MonitoringFiles.locate();
  private static Path promtool;

  @BeforeAll
  static void findPromtool() throws Exception {
    PrometheusPackage prometheus = new PrometheusPackage(FILES.root.getParent());
    promtool = prometheus.binary("promtool").orElse(null);
    RequiredTool.require(promtool != null, "promtool not found; " + prometheus.whereItLooked());
    System.out.println("PromtoolTest uses " + promtool);
  }

  @Test
  void alertRulesPassPromtoolCheck() throws Exception {
    PrometheusPackage.Run check = PrometheusPackage.run(List.of(promtool.toString(), "check", "rules", FILES.alertRules().toString()), 60);

    assertThat(check.exitCode()).as(check.output()).isZero();
    assertThat(check.output()).contains("SUCCESS: " + FILES.alertNames().size() + " rules found");
  }

  @Test
  void everyAlertHasPromtoolUnitTestsAndTheyPass() throws Exception {
    PrometheusPackage.Run test = PrometheusPackage.run(List.of(promtool.toString(), "test", "rules", FILES.alertTests().toString()), 120);

    assertThat(test.exitCode()).as(test.output()).isZero();
    assertThat(FILES.testedAlertNames()).containsAll(FILES.alertNames());
  }

  @Test
  void everyDashboardQueryIsValidPromQL(@TempDir Path dir) throws Exception {
    // promtool parses recording rules like any query: one rule per panel query, variables filled in.
    StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard-queries\n    rules:\n");
    int n = 0;
    for (Path dashboard : FILES.dashboards()) {
      for (MonitoringFiles.PanelQuery query : MonitoringFiles.queries(dashboard)) {
        rules.append("      - record: dashboard_query_").append(n++).append("\n        expr: '")
            .append(query.concrete().replace("'", "''")).append("'\n");
      }
    }
    Path file = dir.resolve("dashboard-queries.yaml");
    Files.writeString(file, rules.toString());

    PrometheusPackage.Run check = PrometheusPackage.run(List.of(promtool.toString(), "check", "rules", file.toString()), 60);

    assertThat(n).isGreaterThan(20);
    assertThat(check.exitCode()).as(check.output() + "\n" + rules).isZero();
  }
}
