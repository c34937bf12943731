package dev.segtpu.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs Prometheus' own promtool on the alert rules, their unit tests and every dashboard query.
 * promtool comes from Debian's prometheus package, extracted (never installed: that starts a daemon)
 * by .ci/install-prometheus.sh into .tools/prometheus (CI) or, when missing, by this test into
 * target/prometheus. Skipped, saying where it looked, only when promtool cannot be found or fetched.
 */
class PromtoolTest {

  private static final MonitoringFiles FILES = MonitoringFiles.locate();
  private static Path promtool;

  @BeforeAll
  static void findPromtool() throws Exception {
    Path repo = FILES.root.getParent();
    Path extracted = Path.of("target/prometheus").toAbsolutePath();
    List<Path> candidates = new ArrayList<>();
    Optional.ofNullable(System.getenv("PROMTOOL")).map(Path::of).ifPresent(candidates::add);
    candidates.add(repo.resolve(".tools/prometheus/usr/bin/promtool"));
    candidates.add(extracted.resolve("usr/bin/promtool"));
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      candidates.add(Path.of(dir, "promtool"));
    }
    promtool = candidates.stream().filter(Files::isExecutable).findFirst().orElse(null);
    String fetchLog = "";
    if (promtool == null) {
      Run fetch = run(List.of("bash", repo.resolve(".ci/install-prometheus.sh").toString(), extracted.toString()), 300);
      fetchLog = fetch.output();
      promtool = Files.isExecutable(extracted.resolve("usr/bin/promtool")) ? extracted.resolve("usr/bin/promtool") : null;
    }
    assumeTrue(promtool != null, "promtool not found; looked in " + candidates
        + " and could not extract it with .ci/install-prometheus.sh " + extracted + ":\n" + fetchLog);
    System.out.println("PromtoolTest uses " + promtool);
  }

  @Test
  void alertRulesPassPromtoolCheck() throws Exception {
    Run check = run(List.of(promtool.toString(), "check", "rules", FILES.alertRules().toString()), 60);

    assertThat(check.exitCode()).as(check.output()).isZero();
    assertThat(check.output()).contains("SUCCESS: " + FILES.alertNames().size() + " rules found");
  }

  @Test
  void everyAlertHasPromtoolUnitTestsAndTheyPass() throws Exception {
    Run test = run(List.of(promtool.toString(), "test", "rules", FILES.alertTests().toString()), 120);

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

    Run check = run(List.of(promtool.toString(), "check", "rules", file.toString()), 60);

    assertThat(n).isGreaterThan(20);
    assertThat(check.exitCode()).as(check.output() + "\n" + rules).isZero();
  }

  private record Run(int exitCode, String output) {}

  private static Run run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    boolean finished = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
    if (!finished) {
      process.destroyForcibly();
      return new Run(-1, "timed out after " + timeoutSeconds + " s: " + command);
    }
    return new Run(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }
}
