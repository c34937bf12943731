package dev.segtpu.sandbox.apiserver;

import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.vertx.HttpServerRequestHandler;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The sandbox API server's HTTP listener: Fabric8's mock web server does all but one thing, which is to
 * stream a response. Its responses are whole bodies, so neither a chunked-HTTP watch (kubectl, client-go)
 * nor {@code pods/log?follow=true} can be answered through it; this listener hands such requests to the
 * dispatcher itself and streams the {@link WatchResponse} or {@link StreamedResponse} it gets back, and
 * hands every other request (WebSocket watches included) to the mock web server's own request handler.
 * Log streams are written from threads of their own, never Vert.x's event loop, so a slow log never
 * stalls other requests.
 */
final class SandboxHttpServer implements AutoCloseable {

  /** The WebSocket subprotocols kube-apiserver offers (exec, attach, port-forward), as the mock web server does. */
  private static final List<String> WEBSOCKET_SUBPROTOCOLS =
      List.of("v1.channel.k8s.io", "v2.channel.k8s.io", "v3.channel.k8s.io", "v4.channel.k8s.io");

  private final Vertx vertx = Vertx.vertx();
  private final HttpServer server;
  private final ExecutorService writers = Executors.newCachedThreadPool(runnable -> {
    Thread thread = new Thread(runnable, "sandbox-api-stream");
    thread.setDaemon(true);
    return thread;
  });

  private SandboxHttpServer(SandboxDispatcher dispatcher, InetAddress address, int port) {
    HttpServerRequestHandler wholeResponses = new HttpServerRequestHandler(vertx) {
      @Override
      protected MockResponse onHttpRequest(RecordedRequest request) {
        return dispatcher.dispatch(request);
      }
    };
    server = vertx.createHttpServer(new HttpServerOptions().setHost(address.getHostAddress()).setPort(port)
        .setWebSocketSubProtocols(WEBSOCKET_SUBPROTOCOLS).setHandle100ContinueAutomatically(true));
    server.requestHandler(request -> {
      if (isPlainWatch(request)) {
        streamWatch(dispatcher, request);
        return;
      }
      Optional<StreamedResponse> streamed = request.method() == io.vertx.core.http.HttpMethod.GET
          ? dispatcher.stream(recorded(request)) : Optional.empty();
      if (streamed.isPresent()) {
        stream(request.response(), streamed.get());
      } else {
        wholeResponses.handle(request);
      }
    });
  }

  static SandboxHttpServer start(SandboxDispatcher dispatcher, InetAddress address, int port) {
    SandboxHttpServer started = new SandboxHttpServer(dispatcher, address, port);
    await(started.server.listen(), "cannot listen on " + address.getHostAddress() + ":" + port);
    return started;
  }

  int port() {
    return server.actualPort();
  }

  private static boolean isPlainWatch(HttpServerRequest request) {
    String uri = request.uri();
    int query = uri.indexOf('?');
    return request.method() == io.vertx.core.http.HttpMethod.GET
        && !"websocket".equalsIgnoreCase(request.getHeader("Upgrade"))
        && WatchRequest.isWatch(query < 0 ? uri : uri.substring(0, query), query < 0 ? "" : uri.substring(query + 1));
  }

  private static RecordedRequest recorded(HttpServerRequest request) {
    return new RecordedRequest(request.version().alpnName().toUpperCase(Locale.ROOT),
        HttpMethod.fromVertx(request.method()), request.uri(), Headers.builder().addAll(request.headers()).build(),
        new Buffer((byte[]) null));
  }

  /** A streamed body ({@code pods/log?follow=true}), chunked, written until it ends or the client goes. */
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

  private static void streamWatch(Dispatcher dispatcher, HttpServerRequest request) {
    MockResponse answer = dispatcher.dispatch(recorded(request));
    HttpServerResponse response = request.response();
    response.setStatusCode(answer.code());
    answer.getHeaders().toMultimap().forEach((name, values) -> response.headers().add(name, values));
    if (!(answer instanceof WatchResponse watch)) {
      response.end(answer.getBody() == null ? "" : answer.getBody().readUtf8());
      return;
    }
    response.setChunked(true);
    response.putHeader("Cache-Control", "no-cache, private");
    response.writeHead();
    watch.streamTo(new WatchSink() {
      @Override
      public void send(String event) {
        if (!response.ended() && !response.closed()) {
          response.write(event + "\n");
        }
      }

      @Override
      public void end() {
        if (!response.ended() && !response.closed()) {
          response.end();
        }
      }

      @Override
      public void onClose(Runnable action) {
        response.closeHandler(ignored -> action.run());
      }
    });
  }

  @Override
  public void close() {
    writers.shutdownNow();
    await(server.close(), "cannot close the sandbox API server");
    await(vertx.close(), "cannot stop the sandbox API server's Vert.x");
  }

  private static <T> T await(Future<T> future, String failure) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(failure, e);
    } catch (Exception e) {
      throw new IllegalStateException(failure, e);
    }
  }
}
