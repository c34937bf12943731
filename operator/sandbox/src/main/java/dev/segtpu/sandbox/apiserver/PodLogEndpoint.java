package dev.segtpu.sandbox.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.segtpu.sandbox.apiserver.PodLogRequest.RefusedException;
import dev.segtpu.sandbox.kubelet.ContainerLogReader;
import dev.segtpu.sandbox.kubelet.ContainerLogs;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * {@code pods/log}: what kube-apiserver answers by asking the pod's kubelet, answered here from the log
 * files the sandbox kubelet keeps under the sandbox root. A plain request gets the log as text/plain;
 * {@code follow=true} streams it (see {@link SandboxHttpServer}) until the container ends or the
 * client leaves.
 */
final class PodLogEndpoint {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** The largest log a single non-streaming answer holds: the kubelet's bounds, 5 files of 10 MiB. */
  private static final long MAX_ANSWER = ContainerLogs.MAX_BYTES * ContainerLogs.MAX_FILES;

  private final KubernetesCrudDispatcher crud;
  private final Clock clock;
  private volatile Path sandboxRoot;

  PodLogEndpoint(KubernetesCrudDispatcher crud, Clock clock) {
    this.crud = crud;
    this.clock = clock;
  }

  /** Where the kubelet keeps logs; until set, every container's log is empty, as on a node that kept none. */
  void serveFrom(Path sandboxRoot) {
    this.sandboxRoot = sandboxRoot;
  }

  /** The answer to a log request that does not follow, or to one whose pod or options are refused. */
  Optional<MockResponse> answer(String path, String query) {
    try {
      Optional<Target> target = target(path, query);
      if (target.isEmpty()) {
        return Optional.empty();
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      Target log = target.get();
      if (log.file() != null) {
        ContainerLogReader.read(log.file(), log.request().query(), bytes -> {
          out.writeBytes(bytes);
          return out.size() < MAX_ANSWER;
        });
      }
      return Optional.of(new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain")
          .setBody(out.toByteArray()));
    } catch (RefusedException e) {
      return Optional.of(refusal(e.refusal(), path));
    }
  }

  /** The streamed answer to a valid {@code follow=true} log request; empty for anything else. */
  Optional<StreamedResponse> follow(String path, String query) {
    if (!query.contains("follow=true")) {
      return Optional.empty();
    }
    try {
      Optional<Target> target = target(path, query);
      if (target.isEmpty() || !target.get().request().follow() || target.get().file() == null) {
        return Optional.empty();
      }
      Target log = target.get();
      return Optional.of(new StreamedResponse(200, "text/plain", sink -> ContainerLogReader.follow(log.file(),
          log.request().query(), sink::test, () -> running(log))));
    } catch (RefusedException e) {
      return Optional.empty();
    }
  }

  private record Target(PodLogRequest request, String podPath, String uid, String container, Path file) {}

  private Optional<Target> target(String path, String query) throws RefusedException {
    Optional<PodLogRequest> parsed = PodLogRequest.parse(path, query, clock.instant());
    if (parsed.isEmpty()) {
      return Optional.empty();
    }
    PodLogRequest request = parsed.get();
    String podPath = path.substring(0, path.length() - "/log".length());
    JsonNode pod = storedPod(podPath).orElseThrow(() -> new RefusedException(
        new PodLogRequest.Refusal(404, "NotFound", "pods \"" + request.pod() + "\" not found")));
    String container = request.containerOf(pod);
    int instance = request.instanceOf(pod, container);
    String uid = pod.path("metadata").path("uid").asText();
    Path root = sandboxRoot;
    Path file = root == null ? null : ContainerLogs.file(root, request.namespace(), request.pod(), uid, container, instance);
    return Optional.of(new Target(request, podPath, uid, container, file));
  }

  /** Whether the instance being followed still runs: the same pod, its container running, no restart since. */
  private boolean running(Target log) {
    return storedPod(log.podPath())
        .filter(pod -> log.uid().equals(pod.path("metadata").path("uid").asText()))
        .map(pod -> {
          for (JsonNode status : pod.path("status").path("containerStatuses")) {
            if (log.container().equals(status.path("name").asText())) {
              return status.path("state").has("running") && !log.request().previous();
            }
          }
          return false;
        })
        .orElse(false);
  }

  private Optional<JsonNode> storedPod(String podPath) {
    MockResponse response = crud.handleGet(podPath);
    if (response.code() != 200) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readTree(response.getBody().readUtf8()));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static MockResponse refusal(PodLogRequest.Refusal refusal, String path) {
    var status = JSON.createObjectNode();
    status.put("kind", "Status");
    status.put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Failure");
    status.put("message", refusal.message());
    status.put("reason", refusal.reason());
    if (refusal.code() == 404) {
      var details = status.putObject("details");
      details.put("name", PodLogRequest.PATH.matcher(path).replaceFirst("$2"));
      details.put("kind", "pods");
    }
    status.put("code", refusal.code());
    return new MockResponse().setResponseCode(refusal.code()).setHeader("Content-Type", "application/json")
        .setBody(status.toString());
  }
}
