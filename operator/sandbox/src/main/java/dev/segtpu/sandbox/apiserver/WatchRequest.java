package dev.segtpu.sandbox.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The parameters of a watch as kube-apiserver reads them from the query ({@code watch}, {@code
 * resourceVersion}, {@code allowWatchBookmarks}, {@code sendInitialEvents}, {@code timeoutSeconds}, {@code
 * fieldSelector}, {@code labelSelector}) and the path (namespace; a name for {@code /pods/NAME?watch=true}).
 *
 * @param fromVersion null to start with the current objects as ADDED events (version "0" or none, or
 *     sendInitialEvents=true), otherwise the version after which to replay changes
 */
record WatchRequest(ResourcePath target, Long fromVersion, boolean bookmarks, boolean sendInitialEvents,
                    Duration timeout, FieldSelector fields, LabelSelector labels) {

  /** Without timeoutSeconds, kube-apiserver picks a timeout between once and twice --min-request-timeout (30 min). */
  private static final int MIN_REQUEST_TIMEOUT_SECONDS = 1800;

  /** A refusal of the request as the API server words it (HTTP code and message). */
  record Invalid(int code, String reason, String message) {}

  /** Whether a GET is a watch: {@code watch=true} (or 1, as strconv.ParseBool reads it) or a {@code /watch/} path. */
  static boolean isWatch(String path, String query) {
    String watch = parameters(query).get("watch");
    if (watch != null) {
      return List.of("1", "t", "T", "true", "TRUE", "True").contains(watch);
    }
    return ResourcePath.parse(path).map(ResourcePath::watchPrefix).orElse(false);
  }

  static Map<String, String> parameters(String query) {
    Map<String, String> parameters = new LinkedHashMap<>();
    for (String parameter : query.split("&")) {
      if (!parameter.isEmpty()) {
        int equals = parameter.indexOf('=');
        String key = equals < 0 ? parameter : parameter.substring(0, equals);
        String value = equals < 0 ? "" : parameter.substring(equals + 1);
        parameters.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
      }
    }
    return parameters;
  }

  /** The watch a request asks for, or why the API server would refuse it. */
  static Object parse(String path, String query) {
    Optional<ResourcePath> target = ResourcePath.parse(path);
    if (target.isEmpty()) {
      return new Invalid(404, "NotFound", "the server could not find the requested resource");
    }
    Map<String, String> parameters = parameters(query);
    boolean bookmarks = "true".equals(parameters.get("allowWatchBookmarks"));
    boolean initialEvents = "true".equals(parameters.get("sendInitialEvents"));
    if (parameters.containsKey("sendInitialEvents")) {
      if (!"NotOlderThan".equals(parameters.get("resourceVersionMatch"))) {
        return new Invalid(422, "Invalid", "ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Forbidden: "
            + "sendInitialEvents requires setting resourceVersionMatch to NotOlderThan");
      }
      if (initialEvents && !bookmarks) {
        return new Invalid(422, "Invalid", "ListOptions.meta.k8s.io \"\" is invalid: allowWatchBookmarks: Forbidden: "
            + "sendInitialEvents requires setting allowWatchBookmarks to true");
      }
    }
    String version = parameters.getOrDefault("resourceVersion", "");
    Long from = null;
    if (!version.isEmpty() && !version.equals("0") && !initialEvents) {
      try {
        from = Long.parseLong(version);
      } catch (NumberFormatException e) {
        return new Invalid(400, "BadRequest", "invalid resource version: " + version);
      }
    }
    Duration timeout = Duration.ofSeconds(MIN_REQUEST_TIMEOUT_SECONDS
        + ThreadLocalRandom.current().nextInt(MIN_REQUEST_TIMEOUT_SECONDS));
    if (parameters.containsKey("timeoutSeconds")) {
      try {
        timeout = Duration.ofSeconds(Long.parseLong(parameters.get("timeoutSeconds")));
      } catch (NumberFormatException e) {
        return new Invalid(400, "BadRequest", "invalid timeoutSeconds: " + parameters.get("timeoutSeconds"));
      }
    }
    return new WatchRequest(target.get(), from, bookmarks, initialEvents, timeout, FieldSelector.fromQuery(query),
        LabelSelector.parse(parameters.getOrDefault("labelSelector", "")));
  }

  /** Whether an object is one this watch shows: in its namespace, with its name, matching its selectors. */
  boolean selects(JsonNode object) {
    JsonNode metadata = object.path("metadata");
    return (target.namespace().isEmpty() || target.namespace().equals(metadata.path("namespace").asText()))
        && (target.name().isEmpty() || target.name().equals(metadata.path("name").asText()))
        && fields.matches(object) && labels.matches(object);
  }
}
