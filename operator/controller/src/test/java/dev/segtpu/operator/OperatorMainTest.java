package dev.segtpu.operator;

import static dev.segtpu.operator.testing.OperatorHarness.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.segtpu.operator.testing.Jobs;
import dev.segtpu.tpu.PriceTable;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OperatorMainTest {

  static HttpResponse<String> get(int port, String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aSettingTheOperatorCannotUseEndsTheProcessWithOneLineAndExitCode2() throws Exception {
    Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), OperatorMain.class.getName(), "--status-poll-interval=abc")
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).isEqualTo(2);
    assertThat(err).isEqualTo("segtpu operator: --status-poll-interval=abc is not a duration such as 250ms, 30s, 5m or 1h"
        + System.lineSeparator());
  }

  @Test
  void theOperatorServesHealthReadinessAndMetricsWithEveryJobPricedWithTheConfiguredPriceTable(@TempDir Path dir) throws Exception {
    KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
        new KubernetesCrudDispatcher(), false);
    server.init();
    KubernetesClient client = server.createClient();
    client.apiextensions().v1().customResourceDefinitions().resource(client.getKubernetesSerialization().unmarshal(
        getClass().getResourceAsStream("/META-INF/fabric8/segmentationtrainingjobs.segtpu.dev-v1.yml"),
        CustomResourceDefinition.class)).create();
    Path prices = dir.resolve("price-table.yaml");
    Files.writeString(prices, new String(PriceTable.class.getResourceAsStream("default-price-table.yaml").readAllBytes(),
        StandardCharsets.UTF_8).replaceFirst("(?m)^name: .*$", "name: europe-west4-negotiated"));
    OperatorSettings settings = OperatorSettings.parse(new String[] {
        "--namespaces=" + NAMESPACE, "--leader-election=false", "--metrics-port=0", "--price-table=" + prices,
        "--allowed-host-path-prefixes=/var/segtpu"}, Map.of());
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    try (OperatorMain.Running running = OperatorMain.start(settings, client, registry)) {
      int port = running.http().port();
      assertThat(get(port, "/healthz").statusCode()).isEqualTo(200);
      await().until(() -> get(port, "/readyz").statusCode() == 200);
      client.resource(Jobs.job("metered", NAMESPACE)).create();
      await().until(() -> !client.pods().inNamespace(NAMESPACE).list().getItems().isEmpty());

      await().untilAsserted(() -> assertThat(get(port, "/metrics").body())
          .contains("operator_sdk_reconciliations")
          .contains("jvm_memory_used_bytes")
          .contains("segtpu_price_table_info{date=\"2026-11-01\",table=\"europe-west4-negotiated\"} 1")
          .containsPattern("segtpu_job_phase\\{.*job=\"metered\".*phase=\"Scheduling\".*} 1"));
    } finally {
      client.close();
      server.destroy();
    }
  }
}
