package dev.segtpu.operator.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The repository's dashboards/ folder as the tests read it: dashboard queries, alert rules and their unit tests. */
public final class MonitoringFiles {

  private static final Pattern METRIC = Pattern.compile("\\b((?:segtpu|operator_sdk)_[a-z0-9_]+)\\b");
  private static final Pattern MASK_RCNN_SERIES = Pattern.compile("segtpu_(?:job|trainer)_eval_(?:box|mask)_ap[a-z0-9_]*");

  public final Path root;

  private MonitoringFiles(Path root) {
    this.root = root;
  }

  /** Walks up from the working directory (the module, under surefire) to the folder holding dashboards/alerts. */
  public static MonitoringFiles locate() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("dashboards/alerts"))) {
        return new MonitoringFiles(dir.resolve("dashboards"));
      }
    }
    throw new IllegalStateException("no dashboards/alerts above " + Path.of("").toAbsolutePath());
  }

  public Path alertRules() {
    return root.resolve("alerts/segtpu-alerts.yaml");
  }

  Path alertTests() {
    return root.resolve("alerts/segtpu-alerts-test.yaml");
  }

  public List<Path> dashboards() {
    try (Stream<Path> files = Files.list(root)) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every panel query of a dashboard, in panel order. */
  public static List<PanelQuery> queries(Path dashboard) {
    List<PanelQuery> queries = new ArrayList<>();
    collect(read(dashboard, new ObjectMapper()).path("panels"), queries);
    return queries;
  }

  List<String> alertNames() {
    List<String> names = new ArrayList<>();
    read(alertRules(), new ObjectMapper(new YAMLFactory())).path("groups")
        .forEach(group -> group.path("rules").forEach(rule -> names.add(rule.path("alert").asText())));
    return names;
  }

  List<String> alertExpressions() {
    List<String> exprs = new ArrayList<>();
    read(alertRules(), new ObjectMapper(new YAMLFactory())).path("groups")
        .forEach(group -> group.path("rules").forEach(rule -> exprs.add(rule.path("expr").asText())));
    return exprs;
  }

  /** Alert names that the promtool test file checks in alert_rule_test. */
  TreeSet<String> testedAlertNames() {
    TreeSet<String> names = new TreeSet<>();
    read(alertTests(), new ObjectMapper(new YAMLFactory())).path("tests").forEach(test ->
        test.path("alert_rule_test").forEach(check -> names.add(check.path("alertname").asText())));
    return names;
  }

  /** Metric names (segtpu_* and operator_sdk_*) in a PromQL expression. */
  public static TreeSet<String> metricNames(String promql) {
    TreeSet<String> names = new TreeSet<>();
    Matcher m = METRIC.matcher(promql);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  /** Series the trainer pods expose (the rest come from the operator). */
  public static boolean trainerSeries(String name) {
    return name.startsWith("segtpu_trainer_");
  }

  /** Series only a Mask R-CNN job has (its evaluation's average precisions): a DeepLab job never reports them. */
  public static boolean maskRcnnSeries(String name) {
    return MASK_RCNN_SERIES.matcher(name).matches();
  }

  public record PanelQuery(String panel, String expr) {
    /** Whether the query reads only series of a Mask R-CNN job, so that it has no data for a DeepLab job. */
    public boolean maskRcnnOnly() {
      TreeSet<String> names = metricNames(expr);
      return !names.isEmpty() && names.stream().allMatch(MonitoringFiles::maskRcnnSeries);
    }

    /** The query with Grafana's variables replaced by concrete values, as Prometheus would receive it. */
    public String concrete() {
      return concrete("ml", "voc");
    }

    /** The query for one job, with Grafana's interval variables as Prometheus would receive them. */
    public String concrete(String namespace, String job) {
      return expr.replace("$__rate_interval", "5m").replace("$__interval", "1m").replace("$__range", "1h")
          .replace("$namespace", namespace).replace("$job", job);
    }
  }

  private static void collect(JsonNode panels, List<PanelQuery> into) {
    for (JsonNode panel : panels) {
      panel.path("targets").forEach(t -> into.add(new PanelQuery(panel.path("title").asText(), t.path("expr").asText())));
      collect(panel.path("panels"), into);
    }
  }

  private static JsonNode read(Path file, ObjectMapper mapper) {
    try {
      return mapper.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
