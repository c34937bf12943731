package dev.segtpu.helm;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One combination of chart values the tests install: a name and the values it sets over the chart's
 * values.yaml, given as dotted paths ({@code operator.watchNodes}).
 */
public record ChartValues(String name, Map<String, Object> overrides) {

  public ChartValues {
    overrides = Map.copyOf(overrides);
  }

  public static ChartValues defaults() {
    return new ChartValues("default values", Map.of());
  }

  public static ChartValues singleNamespace() {
    return new ChartValues("single namespace", Map.of("watchNamespaces", List.of("team-a")));
  }

  public static ChartValues highAvailability() {
    return new ChartValues("HA: two replicas with leader election", Map.of("replicas", 2));
  }

  public static ChartValues monitoringOn() {
    return new ChartValues("Prometheus Operator objects and NetworkPolicy on", Map.of(
        "monitoring.prometheusOperator", true, "monitoring.labels", Map.of("release", "kube-prometheus-stack"),
        "networkPolicy.enabled", true));
  }

  public static ChartValues monitoringOff() {
    return new ChartValues("monitoring and dashboards off", Map.of(
        "monitoring.prometheusOperator", false, "grafana.dashboards.enabled", false));
  }

  public static ChartValues workloadIdentity() {
    return new ChartValues("Workload Identity", Map.of(
        "serviceAccount.gcpServiceAccount", "segtpu-operator@my-project.iam.gserviceaccount.com",
        "operator.trainerServiceAccount", "segtpu-trainer"));
  }

  /** Several namespaces, HA, monitoring and NetworkPolicy together, with node watching off. */
  public static ChartValues everythingTogether() {
    return new ChartValues("two namespaces, HA, monitoring, NetworkPolicy, no node watch", Map.of(
        "watchNamespaces", List.of("team-a", "team-b"), "replicas", 3, "monitoring.prometheusOperator", true,
        "networkPolicy.enabled", true, "operator.watchNodes", false));
  }

  public static ChartValues noThroughputRecording() {
    return new ChartValues("no throughput recording", Map.of("operator.recordThroughput", false));
  }

  public static List<ChartValues> combinations() {
    return List.of(defaults(), singleNamespace(), highAvailability(), monitoringOn(), monitoringOff(), workloadIdentity(),
        everythingTogether(), noThroughputRecording());
  }

  /** This combination with one more value set. */
  public ChartValues with(String path, Object value) {
    Map<String, Object> more = new LinkedHashMap<>(overrides);
    more.put(path, value);
    return new ChartValues(name + ", " + path + "=" + value, more);
  }

  /** {@code defaults} (the chart's values.yaml) with the overrides applied; {@code defaults} is not changed. */
  public Map<String, Object> applyTo(Map<String, Object> defaults) {
    Map<String, Object> values = deepCopy(defaults);
    overrides.forEach((path, value) -> put(values, path.split("\\."), value));
    return values;
  }

  @SuppressWarnings("unchecked")
  private static void put(Map<String, Object> values, String[] keys, Object value) {
    Map<String, Object> node = values;
    for (int i = 0; i < keys.length - 1; i++) {
      node = (Map<String, Object>) node.computeIfAbsent(keys[i], k -> new LinkedHashMap<String, Object>());
    }
    node.put(keys[keys.length - 1], value);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> deepCopy(Map<String, Object> map) {
    Map<String, Object> copy = new LinkedHashMap<>();
    map.forEach((key, value) -> copy.put(key, value instanceof Map<?, ?> nested ? deepCopy((Map<String, Object>) nested) : value));
    return copy;
  }

  @Override
  public String toString() {
    return name;
  }
}
