package dev.segtpu.sandbox.apiserver;

/** Where a watch writes its events: a chunked HTTP response (kubectl, client-go) or a WebSocket (Fabric8). */
interface WatchSink {

  /** Sends one event, a JSON object on one line. */
  void send(String event);

  /** Ends the stream, as the API server does when the watch's timeout is up. */
  void end();

  /** Runs {@code action} once the client goes away. */
  void onClose(Runnable action);
}
