package dev.segtpu.sandbox.apiserver;

import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A watch served over a WebSocket, one event per text message: how Fabric8 clients (the operator's
 * informers) watch. Replaces the mock server's own WebSocket watch, which ignores resourceVersion.
 */
final class WebSocketWatch extends WebSocketListener {

  /** WebSocket close code for a normal end (RFC 6455). */
  private static final int NORMAL_CLOSURE = 1000;

  private final Consumer<WatchSink> stream;
  private final List<Runnable> onClose = new CopyOnWriteArrayList<>();

  WebSocketWatch(Consumer<WatchSink> stream) {
    this.stream = stream;
  }

  @Override
  public void onOpen(WebSocket webSocket, Response response) {
    stream.accept(new WatchSink() {
      @Override
      public void send(String event) {
        webSocket.send(event);
      }

      @Override
      public void end() {
        webSocket.close(NORMAL_CLOSURE, "watch ended");
      }

      @Override
      public void onClose(Runnable action) {
        onClose.add(action);
      }
    });
  }

  @Override
  public void onClosing(WebSocket webSocket, int code, String reason) {
    onClose.forEach(Runnable::run);
  }

  @Override
  public void onClosed(WebSocket webSocket, int code, String reason) {
    onClose.forEach(Runnable::run);
  }

  @Override
  public void onFailure(WebSocket webSocket, Throwable failure, Response response) {
    onClose.forEach(Runnable::run);
  }
}
