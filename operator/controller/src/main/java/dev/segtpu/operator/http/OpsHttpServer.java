package dev.segtpu.operator.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The operator's own small HTTP server: {@code /healthz} (liveness), {@code /readyz} (readiness) and
 * {@code /metrics} (Prometheus text format).
 */
public final class OpsHttpServer implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService handlers;

  private OpsHttpServer(HttpServer server, ExecutorService handlers) {
    this.server = server;
    this.handlers = handlers;
  }

  public static OpsHttpServer start(int port, BooleanSupplier live, BooleanSupplier ready, Supplier<String> metrics) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
      server.createContext("/healthz", exchange -> probe(exchange, live.getAsBoolean()));
      server.createContext("/readyz", exchange -> probe(exchange, ready.getAsBoolean()));
      server.createContext("/metrics", exchange ->
          respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.get()));
      ExecutorService handlers = Executors.newFixedThreadPool(2, r -> {
        Thread thread = new Thread(r, "segtpu-ops-http");
        thread.setDaemon(true);
        return thread;
      });
      server.setExecutor(handlers);
      server.start();
      return new OpsHttpServer(server, handlers);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on port " + port + " for /healthz, /readyz and /metrics", e);
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void probe(HttpExchange exchange, boolean ok) throws IOException {
    respond(exchange, ok ? 200 : 503, "text/plain; charset=utf-8", ok ? "ok\n" : "not ready\n");
  }

  private static void respond(HttpExchange exchange, int code, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    if ("HEAD".equals(exchange.getRequestMethod())) {
      exchange.sendResponseHeaders(code, -1);
      exchange.close();
      return;
    }
    exchange.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    // HttpServer.stop leaves its executor running; an operator restarted in-process (the sandbox) would pile them up
    handlers.shutdownNow();
  }
}
