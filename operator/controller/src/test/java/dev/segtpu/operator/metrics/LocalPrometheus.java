package dev.segtpu.operator.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real Prometheus for tests: the extracted Debian binary ({@link PrometheusPackage}) listening on
 * 127.0.0.1, scraping every second and evaluating the alert rules every second, with its data and
 * log in a test folder. Shared by the controller's monitoring tests and the sandbox system tests.
 */
public final class LocalPrometheus implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final Process process;
  private final URI api;
  private final Path log;

  private LocalPrometheus(Process process, URI api, Path log) {
    this.process = process;
    this.api = api;
    this.log = log;
  }

  /**
   * @param scrapeConfigs the {@code scrape_configs:} list, as YAML indented by four spaces
   */
  public static LocalPrometheus start(Path binary, Path dir, Path alertRules, String scrapeConfigs) throws IOException {
    int port = freePort();
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, """
        global: {scrape_interval: 1s, evaluation_interval: 1s}
        rule_files: ['%s']
        scrape_configs:
        %s
        """.formatted(alertRules, scrapeConfigs.stripTrailing()));
    Path log = dir.resolve("prometheus.log");
    Process process = new ProcessBuilder(binary.toString(), "--config.file=" + config,
        "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new LocalPrometheus(process, URI.create("http://127.0.0.1:" + port + "/api/v1/"), log);
  }

  /** The instant query's whole response ({@code status}, {@code data.result}). */
  public JsonNode query(String promql) throws IOException, InterruptedException {
    return get("query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
  }

  /** {@code data.result} once {@code done} accepts it; fails with Prometheus' log after {@code timeout}. */
  public JsonNode awaitQuery(String promql, Predicate<JsonNode> done, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonNode result = null;
    while (System.nanoTime() < deadline) {
      try {
        result = query(promql).path("data").path("result");
        if (done.test(result)) {
          return result;
        }
      } catch (IOException notUpYet) {
        result = null;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("Prometheus never answered " + promql + " as expected; last result " + result
        + "\nlog:\n" + Files.readString(log));
  }

  /** GET of an HTTP API path below /api/v1/. */
  public JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(api.resolve(path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(response.body());
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
