package dev.segtpu.sandbox.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One running watch: turns the store's changes into the events this client should see, as
 * kube-apiserver's cache watcher does (a change into the selection is ADDED, out of it DELETED with the
 * old object at the new version), sends BOOKMARKs when asked to, and ends when its timeout is up.
 */
final class Watch implements WatchHub.Subscriber {

  /** Turns an event's object into what goes on the wire (the object itself, or a Table row for kubectl get). */
  interface Encoder {
    String event(String type, JsonNode object);
  }

  /** kube-apiserver's bookmark frequency: a watch hears of progress at least this often. */
  static final Duration BOOKMARK_INTERVAL = Duration.ofMinutes(1);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final WatchRequest request;
  private final WatchHub hub;
  private final Encoder encoder;
  private final WatchSink sink;
  private final ScheduledExecutorService timer;
  private final Duration bookmarkInterval;
  private final ObjectNode bookmarkTemplate;
  private final AtomicBoolean stopped = new AtomicBoolean();
  private long deadlineNanos;
  private volatile ScheduledFuture<?> nextBookmark;
  private volatile ScheduledFuture<?> timeout;
  private long lastSent;

  /**
   * @param bookmarkTemplate apiVersion and kind of the watched resource: a BOOKMARK carries an object of
   *     that kind with nothing but metadata.resourceVersion
   */
  Watch(WatchRequest request, WatchHub hub, Encoder encoder, WatchSink sink, ScheduledExecutorService timer,
      Duration bookmarkInterval, ObjectNode bookmarkTemplate) {
    this.request = request;
    this.hub = hub;
    this.encoder = encoder;
    this.sink = sink;
    this.timer = timer;
    this.bookmarkInterval = bookmarkInterval;
    this.bookmarkTemplate = bookmarkTemplate;
  }

  /** Replays what the request asks for, then follows live changes until the timeout or the client leaves. */
  void start() {
    sink.onClose(this::stop);
    deadlineNanos = System.nanoTime() + request.timeout().toNanos();
    WatchHub.Start start = hub.subscribe(request.target().resource(), request.fromVersion(), this, replay -> {
      lastSent = replay.resourceVersion();
      replay.changes().forEach(this::onChange);
      if (request.sendInitialEvents()) {
        sink.send(encoder.event("BOOKMARK", bookmark(replay.resourceVersion(), true)));
      }
    });
    if (start instanceof WatchHub.Expired expired) {
      sink.send(encoder.event("ERROR", expiredStatus(expired)));
      stop();
      return;
    }
    if (start instanceof WatchHub.TooLarge tooLarge) {
      sink.send(encoder.event("ERROR", tooLargeStatus(tooLarge)));
      stop();
      return;
    }
    timeout = timer.schedule(this::stop, request.timeout().toMillis(), TimeUnit.MILLISECONDS);
    if (request.bookmarks()) {
      scheduleBookmark();
    }
  }

  @Override
  public void onChange(WatchHub.Change change) {
    boolean nowSelected = change.object() != null && request.selects(change.object());
    boolean wasSelected = change.previous() != null && request.selects(change.previous());
    if (nowSelected) {
      send(wasSelected ? "MODIFIED" : "ADDED", change.object(), change.resourceVersion());
    } else if (wasSelected) {
      ObjectNode last = change.previous().deepCopy();
      last.with("metadata").put("resourceVersion", String.valueOf(change.resourceVersion()));
      send("DELETED", last, change.resourceVersion());
    }
  }

  private void send(String type, JsonNode object, long version) {
    if (!stopped.get()) {
      lastSent = Math.max(lastSent, version);
      sink.send(encoder.event(type, object));
    }
  }

  /**
   * Like kube-apiserver's cache watcher: the next bookmark comes after the bookmark interval, or two seconds
   * before the deadline if that is sooner, so a client learns the latest version before its watch ends.
   */
  private void scheduleBookmark() {
    long untilDeadline = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()) - 2000;
    long delay = Math.min(bookmarkInterval.toMillis(), untilDeadline);
    if (delay > 0 && !stopped.get()) {
      nextBookmark = timer.schedule(() -> {
        hub.quietly(recorded -> {
          if (!stopped.get()) {
            lastSent = Math.max(lastSent, recorded);
            sink.send(encoder.event("BOOKMARK", bookmark(lastSent, false)));
          }
        });
        scheduleBookmark();
      }, delay, TimeUnit.MILLISECONDS);
    }
  }

  private ObjectNode bookmark(long version, boolean initialEventsEnd) {
    ObjectNode object = bookmarkTemplate.deepCopy();
    ObjectNode metadata = object.putObject("metadata");
    metadata.put("resourceVersion", String.valueOf(version));
    if (initialEventsEnd) {
      metadata.putObject("annotations").put("k8s.io/initial-events-end", "true");
    }
    return object;
  }

  private static ObjectNode expiredStatus(WatchHub.Expired expired) {
    ObjectNode status = JSON.createObjectNode();
    status.put("kind", "Status").put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Failure")
        .put("message", "too old resource version: " + expired.asked() + " (" + expired.compactedThrough() + ")")
        .put("reason", "Expired").put("code", 410);
    return status;
  }

  /** kube-apiserver's answer to a version it has not reached (after waiting up to 3 s for it). */
  static ObjectNode tooLargeStatus(WatchHub.TooLarge tooLarge) {
    ObjectNode status = JSON.createObjectNode();
    status.put("kind", "Status").put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Failure")
        .put("message", "Timeout: Too large resource version: " + tooLarge.asked() + ", current: " + tooLarge.current())
        .put("reason", "Timeout");
    ObjectNode details = status.putObject("details");
    details.putArray("causes").addObject().put("reason", "ResourceVersionTooLarge").put("message", "Too large resource version");
    details.put("retryAfterSeconds", 1);
    status.put("code", 504);
    return status;
  }

  /** Ends the watch once: no more events, timers cancelled, stream closed. */
  void stop() {
    if (stopped.compareAndSet(false, true)) {
      hub.unsubscribe(request.target().resource(), this);
      if (timeout != null) {
        timeout.cancel(false);
      }
      if (nextBookmark != null) {
        nextBookmark.cancel(false);
      }
      sink.end();
    }
  }
}
