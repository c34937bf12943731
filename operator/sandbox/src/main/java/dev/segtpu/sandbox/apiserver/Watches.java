package dev.segtpu.sandbox.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.mockwebserver.http.MockResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Serves {@code watch=true} requests for every resource the sandbox stores, from the {@link WatchHub}: the
 * mock server alone only watches over WebSockets, so kubectl's chunked-HTTP watches got 400.
 */
final class Watches {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final WatchHub hub;
  private final Supplier<List<CustomResourceDefinition>> crds;
  private final Function<String, List<CustomResourceColumnDefinition>> printerColumns;
  private final Clock clock;
  private final Duration bookmarkInterval;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "sandbox-watch-timer");
    thread.setDaemon(true);
    return thread;
  });

  Watches(WatchHub hub, Supplier<List<CustomResourceDefinition>> crds,
      Function<String, List<CustomResourceColumnDefinition>> printerColumns, Clock clock, Duration bookmarkInterval) {
    this.hub = hub;
    this.crds = crds;
    this.printerColumns = printerColumns;
    this.clock = clock;
    this.bookmarkInterval = bookmarkInterval;
  }

  /**
   * The answer to a watch request: a {@link WatchResponse}, or a Status when the API server would refuse it.
   *
   * @param table whether the client asked for Tables (kubectl get -w), so each object becomes a one-row Table
   */
  MockResponse serve(String path, String query, boolean table) {
    Object parsed = WatchRequest.parse(path, query);
    if (parsed instanceof WatchRequest.Invalid invalid) {
      return status(invalid.code(), invalid.reason(), invalid.message());
    }
    WatchRequest request = (WatchRequest) parsed;
    long latest = hub.latest();
    if (request.fromVersion() != null && request.fromVersion() > latest) {
      return new MockResponse().setResponseCode(504).setHeader("Content-Type", "application/json")
          .setBody(Watch.tooLargeStatus(new WatchHub.TooLarge(request.fromVersion(), latest)).toString());
    }
    ObjectNode template = bookmarkTemplate(request.target());
    Watch.Encoder encoder = table ? tableEncoder(path, template.path("kind").asText()) : Watches::plainEvent;
    return new WatchResponse(sink -> new Watch(request, hub, encoder, sink, timer, bookmarkInterval, template).start());
  }

  private Watch.Encoder tableEncoder(String path, String kind) {
    List<CustomResourceColumnDefinition> columns = printerColumns.apply(path);
    return (type, object) -> {
      if (type.equals("BOOKMARK") || type.equals("ERROR")) {
        return plainEvent(type, object);
      }
      try {
        JsonNode rendered = JSON.readTree(TableRenderer.render(object.toString(), columns, kind, clock.instant()));
        return plainEvent(type, rendered);
      } catch (IOException e) {
        throw new IllegalStateException("a Table that is not JSON", e);
      }
    };
  }

  private static String plainEvent(String type, JsonNode object) {
    ObjectNode event = JSON.createObjectNode();
    event.put("type", type);
    event.set("object", object);
    return event.toString();
  }

  /** apiVersion and kind of the watched resource, from the built-in resources and the stored CRDs. */
  private ObjectNode bookmarkTemplate(ResourcePath target) {
    String kind = BuiltInResource.ALL.stream()
        .filter(r -> r.group().equals(target.group()) && r.plural().equals(target.plural()))
        .map(BuiltInResource::kind).findFirst()
        .orElseGet(() -> crds.get().stream()
            .filter(crd -> crd.getSpec().getGroup().equals(target.group())
                && crd.getSpec().getNames().getPlural().equals(target.plural()))
            .map(crd -> crd.getSpec().getNames().getKind()).findFirst().orElse(""));
    ObjectNode template = JSON.createObjectNode();
    template.put("kind", kind);
    template.put("apiVersion", target.group().isEmpty() ? target.version() : target.group() + "/" + target.version());
    return template;
  }

  private static MockResponse status(int code, String reason, String message) {
    ObjectNode status = JSON.createObjectNode();
    status.put("kind", "Status").put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Failure").put("message", message).put("reason", reason).put("code", code);
    return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
        .setBody(status.toString());
  }
}
