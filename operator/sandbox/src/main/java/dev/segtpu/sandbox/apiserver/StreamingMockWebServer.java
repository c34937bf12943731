package dev.segtpu.sandbox.apiserver;

import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.vertx.HttpServerRequestHandler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Fabric8's mock web server, able to stream a response body. The mock answers every request with a body
 * known in full when the dispatcher returns, which cannot serve {@code kubectl logs -f}; this server
 * listens itself, offers each GET to a streaming route first and hands everything else (websocket
 * watches included) to the dispatcher exactly as the mock does. Streams are written from threads of
 * their own, never Vert.x's event loop, so a slow log never stalls other requests.
 */
final class StreamingMockWebServer extends MockWebServer {

  private final Function<RecordedRequest, Optional<StreamedResponse>> streams;
  private final ExecutorService writers = Executors.newCachedThreadPool(runnable -> {
    Thread thread = new Thread(runnable, "sandbox-api-stream");
    thread.setDaemon(true);
    return thread;
  });
  private volatile Dispatcher dispatcher;
  private Vertx vertx;
  private HttpServer server;

  /** @param streams the streamed answer to a GET, or empty to dispatch it as usual */
  StreamingMockWebServer(Function<RecordedRequest, Optional<StreamedResponse>> streams) {
    this.streams = streams;
  }

  @Override
  public void setDispatcher(Dispatcher dispatcher) {
    super.setDispatcher(dispatcher);
    this.dispatcher = dispatcher;
  }

  @Override
  public synchronized void start(InetAddress address, int port) {
    if (server != null) {
      throw new IllegalStateException("start() already called");
    }
    vertx = parentVertx();
    HttpServerRequestHandler dispatching = new HttpServerRequestHandler(vertx) {
      @Override
      protected MockResponse onHttpRequest(RecordedRequest request) {
        return dispatcher.dispatch(request);
      }
    };
    HttpServerOptions options = new HttpServerOptions().setHost(address.getHostAddress()).setPort(port)
        .setAlpnVersions(List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1))
        .setWebSocketSubProtocols(List.of("v1.channel.k8s.io", "v2.channel.k8s.io", "v3.channel.k8s.io", "v4.channel.k8s.io"))
        .setHandle100ContinueAutomatically(true);
    server = vertx.createHttpServer(options).requestHandler(request -> {
      Optional<StreamedResponse> streamed = request.method() == io.vertx.core.http.HttpMethod.GET
          ? streams.apply(recorded(request)) : Optional.empty();
      if (streamed.isPresent()) {
        stream(request.response(), streamed.get());
      } else {
        dispatching.handle(request);
      }
    });
    server.listen().toCompletionStage().toCompletableFuture().join();
  }

  private static RecordedRequest recorded(HttpServerRequest request) {
    return new RecordedRequest(request.version().alpnName().toUpperCase(java.util.Locale.ROOT),
        HttpMethod.fromVertx(request.method()), request.uri(), Headers.builder().addAll(request.headers()).build(),
        new Buffer());
  }

  private void stream(HttpServerResponse response, StreamedResponse streamed) {
    AtomicBoolean gone = new AtomicBoolean();
    response.closeHandler(ignored -> gone.set(true));
    response.setStatusCode(streamed.code()).putHeader("Content-Type", streamed.contentType()).setChunked(true);
    response.write(io.vertx.core.buffer.Buffer.buffer());
    writers.submit(() -> {
      try {
        streamed.body().writeTo(bytes -> {
          if (gone.get()) {
            return false;
          }
          if (bytes.length > 0) {
            response.write(io.vertx.core.buffer.Buffer.buffer(bytes));
          }
          return true;
        });
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        // the body failed midway: end the response; the client sees a truncated stream, as from kube
      } finally {
        if (!gone.get()) {
          response.end();
        }
      }
    });
  }

  /**
   * The Vert.x instance the mock created for itself, so this server runs on it and it is closed once;
   * read reflectively because the mock keeps it private (Fabric8 7.5.2).
   */
  private Vertx parentVertx() {
    try {
      java.lang.reflect.Field field = MockWebServer.class.getDeclaredField("vertx");
      field.setAccessible(true);
      return (Vertx) field.get(this);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("this Fabric8 mock web server keeps no Vert.x instance where expected", e);
    }
  }

  @Override
  public int getPort() {
    return server == null ? -1 : server.actualPort();
  }

  @Override
  public synchronized void shutdown() {
    if (server == null) {
      return;
    }
    if (dispatcher != null) {
      dispatcher.shutdown();
    }
    writers.shutdownNow();
    try {
      server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      // closing anyway
    }
    vertx.close();
  }
}
