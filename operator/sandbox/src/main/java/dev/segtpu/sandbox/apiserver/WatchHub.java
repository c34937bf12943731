package dev.segtpu.sandbox.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The sandbox's watch cache: every change the store makes, per resource (group and plural), in
 * resourceVersion order, so a watch can start where a list left off. kube-apiserver keeps a bounded
 * window of recent changes the same way and answers 410 Expired for versions older than it; this one
 * keeps the last {@code historyLimit} changes of each resource. It also keeps each resource's current
 * objects, which a watch from version "0" or no version starts with as ADDED events.
 */
final class WatchHub {

  /** One change of the store; {@code object} is null for a deletion, {@code previous} null for a creation. */
  record Change(long resourceVersion, JsonNode object, JsonNode previous) {}

  /** Where a new watch starts: the changes to replay first, or why it cannot start. */
  sealed interface Start permits Replay, Expired, TooLarge {}

  record Replay(List<Change> changes, long resourceVersion) implements Start {}

  /** The version asked for is older than the changes kept: watches can start at {@code compactedThrough} or later. */
  record Expired(long asked, long compactedThrough) implements Start {}

  /** The version asked for has not happened yet. */
  record TooLarge(long asked, long current) implements Start {}

  /** A live watch: gets each later change of its resource, in order. */
  interface Subscriber {
    void onChange(Change change);
  }

  private static final class ResourceLog {
    final Map<String, JsonNode> current = new LinkedHashMap<>();
    final Deque<Change> history = new ArrayDeque<>();
    final Set<Subscriber> subscribers = new LinkedHashSet<>();
    long compactedThrough;
  }

  private final int historyLimit;
  private final Map<String, ResourceLog> logs = new HashMap<>();
  private long latest;
  private long lastRecorded;

  WatchHub(int historyLimit) {
    this.historyLimit = historyLimit;
  }

  /** Notes that the store handed out {@code resourceVersion}, so bookmarks and lists agree on "now". */
  synchronized void observe(long resourceVersion) {
    latest = Math.max(latest, resourceVersion);
  }

  synchronized long latest() {
    return latest;
  }

  /** Records a change of {@code resource} at {@code resourceVersion} and tells its watches. */
  synchronized void record(String resource, long resourceVersion, JsonNode object, JsonNode previous) {
    observe(resourceVersion);
    lastRecorded = Math.max(lastRecorded, resourceVersion);
    ResourceLog log = logs.computeIfAbsent(resource, r -> new ResourceLog());
    JsonNode identity = object != null ? object : previous;
    String key = identity.path("metadata").path("namespace").asText("") + "/" + identity.path("metadata").path("name").asText();
    if (object == null) {
      log.current.remove(key);
    } else {
      log.current.put(key, object);
    }
    Change change = new Change(resourceVersion, object, previous);
    log.history.addLast(change);
    while (log.history.size() > historyLimit) {
      log.compactedThrough = log.history.removeFirst().resourceVersion();
    }
    List.copyOf(log.subscribers).forEach(subscriber -> subscriber.onChange(change));
  }

  /**
   * Registers {@code subscriber} for the changes of {@code resource} after {@code fromVersion}, or, when
   * {@code fromVersion} is null, after now with the current objects as the changes to replay. The replay is
   * handed to {@code beforeLive} before any live change can reach the subscriber, so nothing is lost or
   * reordered between the two.
   */
  synchronized Start subscribe(String resource, Long fromVersion, Subscriber subscriber,
      java.util.function.Consumer<Replay> beforeLive) {
    ResourceLog log = logs.computeIfAbsent(resource, r -> new ResourceLog());
    Replay replay;
    if (fromVersion == null) {
      List<Change> added = new ArrayList<>();
      log.current.values().forEach(object -> added.add(new Change(version(object), object, null)));
      replay = new Replay(added, lastRecorded);
    } else if (fromVersion < log.compactedThrough) {
      return new Expired(fromVersion, log.compactedThrough);
    } else if (fromVersion > latest) {
      return new TooLarge(fromVersion, latest);
    } else {
      replay = new Replay(log.history.stream().filter(c -> c.resourceVersion() > fromVersion).toList(),
          Math.max(fromVersion, lastRecorded));
    }
    beforeLive.accept(replay);
    log.subscribers.add(subscriber);
    return replay;
  }

  synchronized void unsubscribe(String resource, Subscriber subscriber) {
    ResourceLog log = logs.get(resource);
    if (log != null) {
      log.subscribers.remove(subscriber);
    }
  }

  /**
   * Runs {@code bookmark} with the version of the last recorded change while no change can be recorded, so
   * a bookmark never claims a version whose change is still on its way to the watch.
   */
  synchronized void quietly(java.util.function.LongConsumer bookmark) {
    bookmark.accept(lastRecorded);
  }

  static long version(JsonNode object) {
    try {
      return Long.parseLong(object.path("metadata").path("resourceVersion").asText("0"));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
