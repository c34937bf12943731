package dev.segtpu.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.segtpu.operator.OperatorSettings;
import dev.segtpu.operator.calibration.ThroughputRecorder;
import dev.segtpu.tpu.PriceTable;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code helm template} for each values combination: what is rendered, and that it all fits Fabric8's model. */
class ChartRenderTest {

  /** A whole price table of the default file's shape, as a user would set it in priceTable.content. */
  private static final String PRICE_TABLE_EU = """
      name: my-eu-prices
      date: "2026-11-15"
      prices:
        v2:    {on-demand: 1.2, spot: 0.4, preemptible: 0.4, reservation: 1.2}
        v3:    {on-demand: 2.2, spot: 0.7, preemptible: 0.7, reservation: 2.2}
        v4:    {on-demand: 3.5, spot: 1.1, preemptible: 1.1, reservation: 2.2}
        v5e:   {on-demand: 1.3, spot: 0.4, preemptible: 0.4, reservation: 0.9}
        v5p:   {on-demand: 4.6, spot: 1.4, preemptible: 1.4, reservation: 3.2}
        v6e:   {on-demand: 3.0, spot: 0.9, preemptible: 0.9, reservation: 2.1}
        tpu7x: {on-demand: 9.0, spot: 2.7, preemptible: 2.7, reservation: 6.3}
      """;

  @TempDir
  Path work;

  static List<ChartValues> combinations() {
    return ChartValues.combinations();
  }

  private RenderedChart render(ChartValues values) {
    return SegtpuChart.with(values, work).render();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("combinations")
  void everyRenderedObjectParsesStrictlyIntoItsModelClass(ChartValues values) {
    RenderedChart chart = render(values);

    assertThat(chart.objects()).isNotEmpty();
    assertThat(chart.one(CustomResourceDefinition.class).getMetadata().getName())
        .isEqualTo("segmentationtrainingjobs.segtpu.dev");
  }

  @Test
  void strictParserRefusesAFieldTheModelDoesNotKnow() {
    String misplaced = """
        apiVersion: v1
        kind: ServiceAccount
        metadata:
          name: x
          lables: {a: b}
        """;

    assertThatThrownBy(() -> new StrictManifests().parse(misplaced)).hasMessageContaining("lables");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("combinations")
  void operatorStartsFromTheDeploymentsArgsAndEnv(ChartValues values) {
    RenderedChart chart = render(values);

    OperatorSettings settings = OperatorSettings.parse(chart.operatorArgs().toArray(String[]::new),
        DeploymentEnvironment.of(chart.deployment(), "segtpu-operator-0").variables());

    assertThat(settings.namespaces()).containsExactlyInAnyOrderElementsOf(watched(values));
    assertThat(settings.leaderElection()).isEqualTo(chart.deployment().getSpec().getReplicas() > 1);
    assertThat(settings.leaseNamespace()).isEqualTo(SegtpuChart.NAMESPACE);
    assertThat(settings.identity()).isEqualTo("segtpu-operator-0");
    assertThat(settings.metricsPort()).isEqualTo(chart.operatorContainer().getPorts().get(0).getContainerPort());
  }

  @SuppressWarnings("unchecked")
  private static List<String> watched(ChartValues values) {
    return (List<String>) values.overrides().getOrDefault("watchNamespaces", List.of());
  }

  @Test
  void defaultsWatchAllNamespacesWithOneReplicaThatIsReplacedNotRolled() {
    RenderedChart chart = render(ChartValues.defaults());

    assertThat(chart.all(Role.class)).extracting(r -> r.getMetadata().getName()).containsExactly("segtpu-operator-throughput");
    assertThat(chart.all(ClusterRole.class)).extracting(r -> r.getMetadata().getName())
        .containsExactlyInAnyOrder("segtpu-operator-jobs", "segtpu-operator-nodes");
    assertThat(chart.deployment().getSpec().getStrategy().getType()).isEqualTo("Recreate");
    assertThat(chart.operatorArgs()).contains("--leader-election=false", "--namespaces=");
    assertThat(chart.all(PodDisruptionBudget.class)).isEmpty();
  }

  @Test
  void singleNamespaceGetsARoleThereAndOnlyNodeReadingClusterWide() {
    RenderedChart chart = render(ChartValues.singleNamespace());

    assertThat(chart.all(Role.class)).extracting(r -> r.getMetadata().getNamespace())
        .containsExactlyInAnyOrder("team-a", SegtpuChart.NAMESPACE);
    assertThat(chart.all(RoleBinding.class)).filteredOn(b -> "team-a".equals(b.getMetadata().getNamespace())).singleElement().satisfies(binding -> {
      assertThat(binding.getMetadata().getNamespace()).isEqualTo("team-a");
      assertThat(binding.getSubjects()).singleElement().satisfies(subject -> {
        assertThat(subject.getName()).isEqualTo("segtpu-operator");
        assertThat(subject.getNamespace()).isEqualTo(SegtpuChart.NAMESPACE);
      });
    });
    assertThat(chart.all(ClusterRole.class)).extracting(r -> r.getMetadata().getName())
        .containsExactly("segtpu-operator-nodes");
    assertThat(chart.operatorArgs()).contains("--namespaces=team-a");
  }

  @Test
  void theOperatorRecordsMeasuredThroughputInAConfigMapTheChartCreatesAndMayOnlyReadAndUpdate() {
    RenderedChart chart = render(ChartValues.defaults());

    assertThat(chart.operatorArgs()).contains("--record-throughput=true");
    ConfigMap measured = chart.named(ConfigMap.class, ThroughputRecorder.NAME);
    assertThat(measured.getMetadata().getNamespace()).isEqualTo(SegtpuChart.NAMESPACE);
    assertThat(measured.getData()).as("the operator's data: an upgrade must not reset it").isNullOrEmpty();
    assertThat(measured.getMetadata().getAnnotations()).containsEntry("helm.sh/resource-policy", "keep");
    assertThat(chart.named(Role.class, "segtpu-operator-throughput").getRules()).singleElement().satisfies(rule -> {
      assertThat(rule.getResourceNames()).containsExactly(ThroughputRecorder.NAME);
      assertThat(rule.getVerbs()).containsExactlyInAnyOrder("get", "update");
    });
  }

  @Test
  void withoutThroughputRecordingTheChartGrantsNoConfigMapAccess() {
    RenderedChart chart = render(ChartValues.noThroughputRecording());

    assertThat(chart.operatorArgs()).contains("--record-throughput=false");
    assertThat(chart.all(ConfigMap.class)).extracting(c -> c.getMetadata().getName()).doesNotContain(ThroughputRecorder.NAME);
    assertThat(chart.all(Role.class)).isEmpty();
  }

  @Test
  void highAvailabilityElectsALeaderWithALeaseRoleAndKeepsOneReplicaThroughDisruptions() {
    RenderedChart chart = render(ChartValues.highAvailability());

    assertThat(chart.operatorArgs()).contains("--leader-election=true", "--lease-name=segtpu-operator");
    assertThat(chart.named(Role.class, "segtpu-operator-leader-election").getRules())
        .anySatisfy(rule -> assertThat(rule.getResourceNames()).containsExactly("segtpu-operator"));
    assertThat(chart.deployment().getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isZero();
    assertThat(chart.one(PodDisruptionBudget.class).getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
  }

  @Test
  void withThePrometheusOperatorTheAlertsAreTheRulesFileAndTrainersAreScrapedOnTheirStatusPort() throws Exception {
    RenderedChart chart = render(ChartValues.monitoringOn());

    PrometheusRule rule = chart.one(PrometheusRule.class);
    Map<String, Object> rulesFile = new YAMLMapper().readValue(
        Files.readString(SegtpuChart.REPOSITORY.resolve("dashboards/alerts/segtpu-alerts.yaml")), new TypeReference<>() {});
    assertThat(new StrictManifests().serialization().convertValue(rule.getSpec(), Map.class)).isEqualTo(rulesFile);
    assertThat(rule.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");

    PodMonitor trainers = chart.one(PodMonitor.class);
    assertThat(trainers.getSpec().getSelector().getMatchExpressions()).singleElement()
        .satisfies(e -> assertThat(e.getKey()).isEqualTo("segtpu.dev/job"));
    assertThat(trainers.getSpec().getPodMetricsEndpoints()).singleElement()
        .satisfies(endpoint -> assertThat(endpoint.getPort()).isEqualTo("status"));

    ServiceMonitor operator = chart.one(ServiceMonitor.class);
    assertThat(operator.getSpec().getJobLabel()).isEqualTo("app.kubernetes.io/name");
    assertThat(operator.getSpec().getEndpoints()).singleElement()
        .satisfies(endpoint -> assertThat(endpoint.getHonorLabels()).isTrue());
  }

  @Test
  void prometheusOperatorObjectsAreLeftOutWhenTheClusterDoesNotServeTheirApi() {
    RenderedChart auto = render(ChartValues.defaults());
    RenderedChart off = render(ChartValues.monitoringOff());

    for (RenderedChart chart : List.of(auto, off)) {
      assertThat(chart.objects()).extracting(HasMetadata::getApiVersion).doesNotContain("monitoring.coreos.com/v1");
    }
    assertThat(off.all(ConfigMap.class)).extracting(c -> c.getMetadata().getName())
        .containsExactlyInAnyOrder("segtpu-operator-price-table", ThroughputRecorder.NAME);
  }

  @Test
  void priceTableSettingNamesTheKeyOfTheMountedPriceTableConfigMap() {
    RenderedChart chart = render(ChartValues.defaults());
    OperatorSettings settings = OperatorSettings.parse(chart.operatorArgs().toArray(String[]::new), Map.of());

    var mount = chart.operatorContainer().getVolumeMounts().stream().filter(m -> m.getName().equals("price-table")).findFirst().orElseThrow();
    var volume = chart.deployment().getSpec().getTemplate().getSpec().getVolumes().stream()
        .filter(v -> v.getName().equals("price-table")).findFirst().orElseThrow();
    ConfigMap table = chart.named(ConfigMap.class, volume.getConfigMap().getName());
    assertThat(settings.priceTableFile()).isEqualTo(mount.getMountPath() + "/price-table.yaml");
    assertThat(PriceTable.parse(table.getData().get("price-table.yaml").getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(PriceTable.defaults());
  }

  @Test
  void aPriceTableGivenInTheValuesReplacesTheShippedOne() {
    RenderedChart chart = render(ChartValues.defaults().with("priceTable.content", PRICE_TABLE_EU));

    String rendered = chart.named(ConfigMap.class, "segtpu-operator-price-table").getData().get("price-table.yaml");
    assertThat(PriceTable.parse(rendered.getBytes(StandardCharsets.UTF_8)).label()).isEqualTo("my-eu-prices (2026-11-15)");
  }

  @Test
  void dashboardsAreConfigMapsForTheGrafanaSidecar() {
    RenderedChart chart = render(ChartValues.defaults());

    assertThat(chart.all(ConfigMap.class)).filteredOn(c -> c.getMetadata().getName().contains("dashboard"))
        .hasSize(2)
        .allSatisfy(c -> assertThat(c.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1"))
        .flatExtracting(c -> c.getData().keySet()).containsExactlyInAnyOrder("segtpu-fleet.json", "segtpu-job.json");
  }

  @Test
  void workloadIdentityAnnotatesTheServiceAccountAndNamesTheTrainersServiceAccount() {
    RenderedChart chart = render(ChartValues.workloadIdentity());

    assertThat(chart.one(ServiceAccount.class).getMetadata().getAnnotations())
        .containsEntry("iam.gke.io/gcp-service-account", "segtpu-operator@my-project.iam.gserviceaccount.com");
    assertThat(chart.operatorArgs()).contains("--trainer-service-account=segtpu-trainer");
  }

  @Test
  void networkPolicyLetsOnlyTheOperatorAndPrometheusReachTheStatusPortInEachWatchedNamespace() {
    RenderedChart chart = render(ChartValues.everythingTogether());

    assertThat(chart.all(NetworkPolicy.class)).extracting(p -> p.getMetadata().getNamespace())
        .containsExactlyInAnyOrder("team-a", "team-b");
    NetworkPolicy policy = chart.all(NetworkPolicy.class).get(0);
    assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
    var statusPortRule = policy.getSpec().getIngress().get(0);
    assertThat(statusPortRule.getPorts()).singleElement().satisfies(p -> assertThat(p.getPort().getIntVal()).isEqualTo(8471));
    assertThat(statusPortRule.getFrom()).hasSize(2).satisfiesExactly(
        operator -> assertThat(operator.getPodSelector().getMatchLabels())
            .containsEntry("app.kubernetes.io/name", "segtpu-operator"),
        prometheus -> assertThat(prometheus.getPodSelector().getMatchLabels())
            .containsEntry("app.kubernetes.io/name", "prometheus"));
    assertThat(policy.getSpec().getIngress().get(1).getPorts()).as("gang peers: every port").isNullOrEmpty();
  }

  @Test
  void withoutNodeWatchingNoClusterWideAccessIsGrantedInNamespacedMode() {
    RenderedChart chart = render(ChartValues.everythingTogether());

    assertThat(chart.all(ClusterRole.class)).isEmpty();
    assertThat(chart.operatorArgs()).contains("--watch-nodes=false", "--namespaces=team-a,team-b");
  }
}
