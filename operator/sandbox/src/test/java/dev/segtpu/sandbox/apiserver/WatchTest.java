package dev.segtpu.sandbox.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WatchTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PODS = "/pods";

  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

  /** Collects what a watch sends. */
  private static final class Recorded implements WatchSink {
    final List<JsonNode> events = new CopyOnWriteArrayList<>();
    volatile boolean ended;

    @Override
    public void send(String event) {
      try {
        events.add(JSON.readTree(event));
      } catch (java.io.IOException e) {
        throw new AssertionError(e);
      }
    }

    @Override
    public void end() {
      ended = true;
    }

    @Override
    public void onClose(Runnable action) {}

    List<String> types() {
      return events.stream().map(e -> e.path("type").asText() + " " + e.path("object").path("metadata").path("name").asText()
          + "@" + e.path("object").path("metadata").path("resourceVersion").asText()).toList();
    }
  }

  @AfterEach
  void stopTimer() {
    timer.shutdownNow();
  }

  @Test
  void aWatchFromAVersionReplaysOnlyTheChangesAfterItThenFollowsLiveOnes() {
    WatchHub hub = new WatchHub(100);
    hub.record(PODS, 1, pod("a", 1, "Pending"), null);
    hub.record(PODS, 2, pod("a", 2, "Running"), pod("a", 1, "Pending"));
    Recorded sink = start(hub, "resourceVersion=1&watch=true");

    hub.record(PODS, 3, null, pod("a", 2, "Running"));

    assertThat(sink.types()).containsExactly("MODIFIED a@2", "DELETED a@3");
  }

  @Test
  void aWatchWithoutAVersionStartsWithTheCurrentObjectsAsAdded() {
    WatchHub hub = new WatchHub(100);
    hub.record(PODS, 1, pod("a", 1, "Pending"), null);
    hub.record(PODS, 2, pod("b", 2, "Pending"), null);
    hub.record(PODS, 3, null, pod("b", 2, "Pending"));

    Recorded sink = start(hub, "watch=true");

    assertThat(sink.types()).containsExactly("ADDED a@1");
  }

  @Test
  void anObjectMovingIntoAFieldSelectionIsAddedAndOutOfItDeletedWithItsOldState() {
    WatchHub hub = new WatchHub(100);
    hub.record(PODS, 1, pod("a", 1, "Pending"), null);
    Recorded sink = start(hub, "fieldSelector=status.phase%3DRunning&resourceVersion=1&watch=true");

    hub.record(PODS, 2, pod("a", 2, "Running"), pod("a", 1, "Pending"));
    hub.record(PODS, 3, pod("a", 3, "Succeeded"), pod("a", 2, "Running"));

    assertThat(sink.types()).containsExactly("ADDED a@2", "DELETED a@3");
    assertThat(sink.events.get(1).path("object").path("status").path("phase").asText()).isEqualTo("Running");
  }

  @Test
  void aLabelSelectorKeepsOtherObjectsOutOfTheWatch() {
    WatchHub hub = new WatchHub(100);
    Recorded sink = start(hub, "labelSelector=app%20in%20(x)&watch=true");

    ObjectNode labelled = pod("a", 1, "Pending");
    labelled.with("metadata").putObject("labels").put("app", "x");
    hub.record(PODS, 1, labelled, null);
    hub.record(PODS, 2, pod("b", 2, "Pending"), null);

    assertThat(sink.types()).containsExactly("ADDED a@1");
  }

  @Test
  void aVersionOlderThanTheHistoryKeptGetsA410ExpiredErrorEventAndTheStreamEnds() {
    WatchHub hub = new WatchHub(2);
    for (int version = 1; version <= 5; version++) {
      hub.record(PODS, version, pod("a", version, "Running"), version == 1 ? null : pod("a", version - 1, "Running"));
    }

    Recorded sink = start(hub, "resourceVersion=1&watch=true");

    assertThat(sink.events).hasSize(1);
    JsonNode error = sink.events.get(0);
    assertThat(error.path("type").asText()).isEqualTo("ERROR");
    assertThat(error.path("object").path("code").asInt()).isEqualTo(410);
    assertThat(error.path("object").path("reason").asText()).isEqualTo("Expired");
    assertThat(error.path("object").path("message").asText()).isEqualTo("too old resource version: 1 (3)");
    assertThat(sink.ended).isTrue();
    assertThat(start(hub, "resourceVersion=3&watch=true").types()).containsExactly("MODIFIED a@4", "MODIFIED a@5");
  }

  @Test
  void sendInitialEventsEndsTheReplayWithABookmarkAnnotatedInitialEventsEnd() {
    WatchHub hub = new WatchHub(100);
    hub.record(PODS, 7, pod("a", 7, "Pending"), null);

    Recorded sink = start(hub, "allowWatchBookmarks=true&resourceVersionMatch=NotOlderThan&sendInitialEvents=true&watch=true");

    assertThat(sink.types()).containsExactly("ADDED a@7", "BOOKMARK @7");
    JsonNode bookmark = sink.events.get(1).path("object");
    assertThat(bookmark.path("kind").asText()).isEqualTo("Pod");
    assertThat(bookmark.path("metadata").path("annotations").path("k8s.io/initial-events-end").asText()).isEqualTo("true");
  }

  @Test
  void bookmarksArriveWhileNothingChangesAndTheStreamEndsAfterTimeoutSeconds() throws InterruptedException {
    WatchHub hub = new WatchHub(100);
    hub.record(PODS, 4, pod("a", 4, "Pending"), null);

    Recorded sink = start(hub, "allowWatchBookmarks=true&resourceVersion=4&timeoutSeconds=3&watch=true",
        Duration.ofMillis(200));
    Thread.sleep(3500);

    assertThat(sink.types()).contains("BOOKMARK @4").doesNotContain("ADDED a@4");
    assertThat(sink.ended).isTrue();
  }

  private Recorded start(WatchHub hub, String query) {
    return start(hub, query, Watch.BOOKMARK_INTERVAL);
  }

  private Recorded start(WatchHub hub, String query, Duration bookmarkInterval) {
    WatchRequest request = (WatchRequest) WatchRequest.parse("/api/v1/namespaces/default/pods", query);
    Recorded sink = new Recorded();
    ObjectNode template = JSON.createObjectNode().put("kind", "Pod").put("apiVersion", "v1");
    Watch.Encoder encoder = (type, object) -> JSON.createObjectNode().put("type", type).set("object", object).toString();
    new Watch(request, hub, encoder, sink, timer, bookmarkInterval, template).start();
    return sink;
  }

  private static ObjectNode pod(String name, long version, String phase) {
    ObjectNode pod = JSON.createObjectNode().put("kind", "Pod").put("apiVersion", "v1");
    pod.putObject("metadata").put("name", name).put("namespace", "default").put("resourceVersion", String.valueOf(version));
    pod.putObject("status").put("phase", phase);
    return pod;
  }
}
