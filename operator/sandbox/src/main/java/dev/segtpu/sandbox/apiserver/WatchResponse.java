package dev.segtpu.sandbox.apiserver;

import io.fabric8.mockwebserver.http.MockResponse;
import java.util.function.Consumer;

/**
 * The answer to a watch request: a stream, not a body. {@link SandboxHttpServer} streams it as chunked HTTP
 * to clients that asked plainly (kubectl, client-go); clients that asked for a WebSocket upgrade (Fabric8's
 * informers) get the same events as WebSocket messages through the mock server's usual upgrade path.
 */
final class WatchResponse extends MockResponse {

  private final Consumer<WatchSink> stream;

  WatchResponse(Consumer<WatchSink> stream) {
    this.stream = stream;
    setResponseCode(200);
    setHeader("Content-Type", "application/json");
    withWebSocketUpgrade(new WebSocketWatch(stream));
  }

  /** Starts sending events to {@code sink}. */
  void streamTo(WatchSink sink) {
    stream.accept(sink);
  }
}
