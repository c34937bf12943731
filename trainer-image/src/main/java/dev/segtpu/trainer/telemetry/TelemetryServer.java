package dev.segtpu.trainer.telemetry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.segtpu.contract.StatusDocument;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/** One HTTP listener for both readers of the trainer: {@code GET /metrics} (Prometheus) and {@code GET /status} (operator). */
final class TelemetryServer implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService handlers;

  private TelemetryServer(HttpServer server, ExecutorService handlers) {
    this.server = server;
    this.handlers = handlers;
  }

  static TelemetryServer start(String bindAddress, int port, PrometheusRegistry registry,
                               Supplier<StatusDocument> status) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(bindAddress, port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + bindAddress + ":" + port, e);
    }
    ExecutorService handlers = Executors.newSingleThreadExecutor(runnable -> {
      Thread thread = new Thread(runnable, "telemetry-http");
      thread.setDaemon(true);
      return thread;
    });
    server.createContext("/metrics", new MetricsHandler(registry));
    server.createContext("/status", exchange -> serveStatus(exchange, status));
    server.setExecutor(handlers);
    server.start();
    return new TelemetryServer(server, handlers);
  }

  int port() {
    return server.getAddress().getPort();
  }

  private static void serveStatus(HttpExchange exchange, Supplier<StatusDocument> status)
      throws IOException {
    try (exchange) {
      if (!"/status".equals(exchange.getRequestURI().getPath())) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      byte[] body = status.get().toJson();
      exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
      if ("HEAD".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(200, -1);
        return;
      }
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    handlers.shutdownNow();
  }
}
