package dev.segtpu.sandbox.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import dev.segtpu.sandbox.kubelet.LogQuery;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code GET .../pods/NAME/log} request's PodLogOptions, read from its query as kube-apiserver reads
 * them, and checked against the pod as the API server (the container) and the kubelet (its state) check
 * them, with their messages.
 */
record PodLogRequest(String namespace, String pod, String container, boolean follow, boolean previous, LogQuery query) {

  static final Pattern PATH = Pattern.compile("^/api/v1/namespaces/([^/]+)/pods/([^/]+)/log$");

  /** A refusal: HTTP code, Status reason and message. */
  record Refusal(int code, String reason, String message) {}

  /** The request at {@code path?query}, if it is one for a pod's log; a refusal if its options cannot be read. */
  static Optional<PodLogRequest> parse(String path, String query, Instant now) throws RefusedException {
    Matcher matcher = PATH.matcher(path);
    if (!matcher.matches()) {
      return Optional.empty();
    }
    Map<String, String> parameters = new HashMap<>();
    for (String parameter : query.split("&")) {
      if (!parameter.isEmpty()) {
        int equals = parameter.indexOf('=');
        parameters.put(parameter.substring(0, equals < 0 ? parameter.length() : equals),
            equals < 0 ? "" : URLDecoder.decode(parameter.substring(equals + 1), StandardCharsets.UTF_8));
      }
    }
    Long tailLines = number(parameters, "tailLines");
    Long sinceSeconds = number(parameters, "sinceSeconds");
    Long limitBytes = number(parameters, "limitBytes");
    Instant sinceTime = null;
    if (parameters.containsKey("sinceTime")) {
      try {
        sinceTime = Instant.parse(parameters.get("sinceTime"));
      } catch (DateTimeParseException e) {
        throw new RefusedException(new Refusal(400, "BadRequest", "sinceTime: " + e.getMessage()));
      }
    }
    String name = matcher.group(2);
    if (sinceSeconds != null && sinceTime != null) {
      throw invalid(name, "sinceSeconds", sinceSeconds, "at most one of `sinceTime` or `sinceSeconds` may be specified");
    }
    if (sinceSeconds != null && sinceSeconds < 1) {
      throw invalid(name, "sinceSeconds", sinceSeconds, "must be greater than 0");
    }
    if (tailLines != null && tailLines < 0) {
      throw invalid(name, "tailLines", tailLines, "must be greater than or equal to 0");
    }
    if (limitBytes != null && limitBytes < 1) {
      throw invalid(name, "limitBytes", limitBytes, "must be greater than 0");
    }
    Instant since = sinceSeconds != null ? now.minusSeconds(sinceSeconds) : sinceTime;
    return Optional.of(new PodLogRequest(matcher.group(1), name, parameters.getOrDefault("container", ""),
        flag(parameters, "follow"), flag(parameters, "previous"),
        new LogQuery(tailLines, since, flag(parameters, "timestamps"), limitBytes)));
  }

  /**
   * The container the request reads, as kube-apiserver picks it: the one named, which the pod must have,
   * or the pod's only container.
   */
  String containerOf(JsonNode storedPod) throws RefusedException {
    JsonNode containers = storedPod.path("spec").path("containers");
    if (container.isEmpty()) {
      if (containers.size() == 1) {
        return containers.get(0).path("name").asText();
      }
      if (containers.isEmpty()) {
        throw new RefusedException(new Refusal(400, "BadRequest", "a container name must be specified for pod " + pod));
      }
      java.util.List<String> names = new java.util.ArrayList<>();
      containers.forEach(c -> names.add(c.path("name").asText()));
      throw new RefusedException(new Refusal(400, "BadRequest", "a container name must be specified for pod " + pod
          + ", choose one of: [" + String.join(" ", names) + "]"));
    }
    for (JsonNode candidate : containers) {
      if (container.equals(candidate.path("name").asText())) {
        return container;
      }
    }
    throw new RefusedException(new Refusal(400, "BadRequest", "container " + container + " is not valid for pod " + pod));
  }

  /**
   * Which instance of the container has the log asked for, as the kubelet decides from the container's
   * status: its restart count (the running or last instance), or the one before for {@code previous};
   * the kubelet's refusals when there is none yet or no previous one.
   */
  int instanceOf(JsonNode storedPod, String containerName) throws RefusedException {
    JsonNode status = null;
    for (JsonNode candidate : storedPod.path("status").path("containerStatuses")) {
      if (containerName.equals(candidate.path("name").asText())) {
        status = candidate;
      }
    }
    String quoted = "\"" + containerName + "\" in pod \"" + pod + "\"";
    if (status == null) {
      throw new RefusedException(new Refusal(400, "BadRequest", "container " + quoted + " is waiting to start: ContainerCreating"));
    }
    int restarts = status.path("restartCount").asInt(0);
    JsonNode state = status.path("state");
    boolean lastTerminated = status.path("lastState").has("terminated");
    if (previous) {
      if (!lastTerminated || restarts == 0) {
        throw new RefusedException(new Refusal(400, "BadRequest", "previous terminated container " + quoted + " not found"));
      }
      return restarts - 1;
    }
    if (state.has("running") || state.has("terminated")) {
      return restarts;
    }
    if (lastTerminated && restarts > 0) {
      return restarts - 1;
    }
    if (state.has("waiting")) {
      String reason = state.path("waiting").path("reason").asText("");
      String why = switch (reason) {
        case "ErrImagePull" -> "image can't be pulled";
        case "ImagePullBackOff" -> "trying and failing to pull image";
        default -> reason;
      };
      throw new RefusedException(new Refusal(400, "BadRequest", "container " + quoted + " is waiting to start: " + why));
    }
    throw new RefusedException(new Refusal(400, "BadRequest", "container " + quoted + " is waiting to start - no logs yet"));
  }

  private static RefusedException invalid(String name, String field, long value, String why) {
    return new RefusedException(new Refusal(422, "Invalid",
        "PodLogOptions \"" + name + "\" is invalid: " + field + ": Invalid value: " + value + ": " + why));
  }

  private static boolean flag(Map<String, String> parameters, String name) {
    String value = parameters.get(name);
    return value != null && (value.isEmpty() || value.equals("true") || value.equals("1"));
  }

  private static Long number(Map<String, String> parameters, String name) throws RefusedException {
    String value = parameters.get(name);
    if (value == null) {
      return null;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new RefusedException(new Refusal(400, "BadRequest", "strconv.ParseInt: parsing \"" + value
          + "\": invalid syntax"));
    }
  }

  /** Thrown with the answer the API server gives instead of a log. */
  static final class RefusedException extends Exception {
    private final Refusal refusal;

    RefusedException(Refusal refusal) {
      super(refusal.message());
      this.refusal = refusal;
    }

    Refusal refusal() {
      return refusal;
    }
  }
}
