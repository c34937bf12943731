package dev.segtpu.sandbox.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The columns and cells kube-apiserver prints for the built-in kinds users list in the sandbox (its
 * printers in pkg/printers/internalversion): pods, nodes, events and services. The server fills every
 * column, wide ones too (priority 1); kubectl shows those with {@code -o wide}.
 */
final class BuiltInColumns {

  private static final Pattern CORE_LIST = Pattern.compile("^/api/v1/(?:namespaces/[^/]+/)?(pods|nodes|events|services)(?:/[^/]+)?$");
  private static final String NONE = "<none>";

  /** A column: its name, type and priority (0 always shown, 1 with -o wide). */
  record Definition(String name, String type, int priority) {}

  private BuiltInColumns() {}

  /** The kind whose built-in printer serves {@code path}, or "" for none. */
  static String kindOf(String path) {
    Matcher matcher = CORE_LIST.matcher(path);
    if (!matcher.matches()) {
      return "";
    }
    return switch (matcher.group(1)) {
      case "pods" -> "Pod";
      case "nodes" -> "Node";
      case "events" -> "Event";
      default -> "Service";
    };
  }

  static boolean covers(String kind) {
    return List.of("Pod", "Node", "Event", "Service").contains(kind);
  }

  static List<Definition> definitions(String kind) {
    return switch (kind) {
      case "Pod" -> List.of(def("Name", 0), def("Ready", 0), def("Status", 0), def("Restarts", 0), def("Age", 0),
          def("IP", 1), def("Node", 1), def("Nominated Node", 1), def("Readiness Gates", 1));
      case "Node" -> List.of(def("Name", 0), def("Status", 0), def("Roles", 0), def("Age", 0), def("Version", 0),
          def("Internal-IP", 1), def("External-IP", 1), def("OS-Image", 1), def("Kernel-Version", 1),
          def("Container-Runtime", 1));
      case "Event" -> List.of(def("Last Seen", 0), def("Type", 0), def("Reason", 0), def("Object", 0),
          def("Subobject", 1), def("Source", 1), def("Message", 0), def("First Seen", 1),
          new Definition("Count", "integer", 1), def("Name", 1));
      case "Service" -> List.of(def("Name", 0), def("Type", 0), def("Cluster-IP", 0), def("External-IP", 0),
          def("Port(s)", 0), def("Age", 0), def("Selector", 1));
      default -> throw new IllegalArgumentException("no built-in printer for " + kind);
    };
  }

  /** One row's cells, in the order of {@link #definitions}. */
  static List<Object> cells(String kind, JsonNode item, Instant now) {
    return switch (kind) {
      case "Pod" -> pod(item, now);
      case "Node" -> node(item, now);
      case "Event" -> event(item, now);
      case "Service" -> service(item, now);
      default -> throw new IllegalArgumentException("no built-in printer for " + kind);
    };
  }

  private static Definition def(String name, int priority) {
    return new Definition(name, "string", priority);
  }

  private static List<Object> pod(JsonNode pod, Instant now) {
    JsonNode status = pod.path("status");
    String reason = text(status, "reason").isEmpty() ? text(status, "phase") : text(status, "reason");
    if (reason.isEmpty()) {
      reason = "Pending";
    }
    int restarts = 0;
    int ready = 0;
    boolean running = false;
    String lastRestart = "";
    JsonNode statuses = status.path("containerStatuses");
    for (int i = statuses.size() - 1; i >= 0; i--) {
      JsonNode container = statuses.get(i);
      restarts += container.path("restartCount").asInt(0);
      String finished = container.path("lastState").path("terminated").path("finishedAt").asText("");
      if (!finished.isEmpty() && finished.compareTo(lastRestart) > 0) {
        lastRestart = finished;
      }
      JsonNode state = container.path("state");
      if (!text(state.path("waiting"), "reason").isEmpty()) {
        reason = text(state.path("waiting"), "reason");
      } else if (state.has("terminated") && !text(state.path("terminated"), "reason").isEmpty()) {
        reason = text(state.path("terminated"), "reason");
      } else if (state.has("terminated")) {
        JsonNode terminated = state.path("terminated");
        reason = terminated.path("signal").asInt(0) != 0 ? "Signal:" + terminated.path("signal").asInt()
            : "ExitCode:" + terminated.path("exitCode").asInt();
      } else if (container.path("ready").asBoolean(false) && state.has("running")) {
        running = true;
        ready++;
      }
    }
    if (reason.equals("Completed") && running) {
      reason = hasReadyCondition(pod) ? "Running" : "NotReady";
    }
    if (pod.path("metadata").has("deletionTimestamp")) {
      reason = "NodeLost".equals(text(status, "reason")) ? "Unknown" : "Terminating";
    }
    String restartCell = restarts + (lastRestart.isEmpty() || restarts == 0 ? ""
        : " (" + KubeAge.since(lastRestart, now) + " ago)");
    List<Object> cells = new ArrayList<>();
    cells.add(name(pod));
    cells.add(ready + "/" + pod.path("spec").path("containers").size());
    cells.add(reason);
    cells.add(restartCell);
    cells.add(KubeAge.since(text(pod.path("metadata"), "creationTimestamp"), now));
    cells.add(orNone(text(status, "podIP")));
    cells.add(orNone(text(pod.path("spec"), "nodeName")));
    cells.add(orNone(text(status, "nominatedNodeName")));
    cells.add(readinessGates(pod));
    return cells;
  }

  private static boolean hasReadyCondition(JsonNode pod) {
    for (JsonNode condition : pod.path("status").path("conditions")) {
      if ("Ready".equals(text(condition, "type")) && "True".equals(text(condition, "status"))) {
        return true;
      }
    }
    return false;
  }

  /** "ready/total" of the pod's readiness gates, as kubectl shows them; {@code <none>} without gates. */
  private static String readinessGates(JsonNode pod) {
    JsonNode gates = pod.path("spec").path("readinessGates");
    if (gates.isEmpty()) {
      return NONE;
    }
    int met = 0;
    for (JsonNode gate : gates) {
      for (JsonNode condition : pod.path("status").path("conditions")) {
        if (text(gate, "conditionType").equals(text(condition, "type")) && "True".equals(text(condition, "status"))) {
          met++;
        }
      }
    }
    return met + "/" + gates.size();
  }

  private static List<Object> node(JsonNode node, Instant now) {
    String ready = "Unknown";
    for (JsonNode condition : node.path("status").path("conditions")) {
      if ("Ready".equals(text(condition, "type"))) {
        ready = "True".equals(text(condition, "status")) ? "Ready" : "NotReady";
      }
    }
    if (node.path("spec").path("unschedulable").asBoolean(false)) {
      ready += ",SchedulingDisabled";
    }
    List<String> roles = new ArrayList<>();
    node.path("metadata").path("labels").fields().forEachRemaining(label -> {
      if (label.getKey().startsWith("node-role.kubernetes.io/") && label.getKey().length() > "node-role.kubernetes.io/".length()) {
        roles.add(label.getKey().substring("node-role.kubernetes.io/".length()));
      } else if (label.getKey().equals("kubernetes.io/role") && !label.getValue().asText().isEmpty()) {
        roles.add(label.getValue().asText());
      }
    });
    roles.sort(null);
    JsonNode info = node.path("status").path("nodeInfo");
    List<Object> cells = new ArrayList<>();
    cells.add(name(node));
    cells.add(ready);
    cells.add(roles.isEmpty() ? NONE : String.join(",", roles));
    cells.add(KubeAge.since(text(node.path("metadata"), "creationTimestamp"), now));
    cells.add(text(info, "kubeletVersion"));
    cells.add(orNone(address(node, "InternalIP")));
    cells.add(orNone(address(node, "ExternalIP")));
    cells.add(orNone(text(info, "osImage")));
    cells.add(orNone(text(info, "kernelVersion")));
    cells.add(orNone(text(info, "containerRuntimeVersion")));
    return cells;
  }

  private static String address(JsonNode node, String type) {
    for (JsonNode address : node.path("status").path("addresses")) {
      if (type.equals(text(address, "type"))) {
        return text(address, "address");
      }
    }
    return "";
  }

  private static List<Object> event(JsonNode event, Instant now) {
    String first = text(event, "firstTimestamp").isEmpty() ? KubeAge.since(text(event, "eventTime"), now)
        : KubeAge.since(text(event, "firstTimestamp"), now);
    String last = text(event, "lastTimestamp").isEmpty() ? first : KubeAge.since(text(event, "lastTimestamp"), now);
    long count = event.path("count").asLong(0);
    if (event.has("series") && !event.path("series").isNull()) {
      last = KubeAge.since(text(event.path("series"), "lastObservedTime"), now);
      count = event.path("series").path("count").asLong(0);
    } else if (count == 0) {
      count = 1;
    }
    JsonNode involved = event.path("involvedObject");
    String kind = text(involved, "kind").toLowerCase(Locale.ROOT);
    String target = text(involved, "name").isEmpty() ? kind : kind + "/" + text(involved, "name");
    List<Object> cells = new ArrayList<>();
    cells.add(last);
    cells.add(text(event, "type"));
    cells.add(text(event, "reason"));
    cells.add(target);
    cells.add(text(involved, "fieldPath"));
    cells.add(source(event));
    cells.add(text(event, "message").strip());
    cells.add(first);
    cells.add(count);
    cells.add(name(event));
    return cells;
  }

  /** kubectl's formatEventSource: "component, host", or the reporting controller and instance. */
  private static String source(JsonNode event) {
    String component = text(event.path("source"), "component");
    String host = text(event.path("source"), "host");
    if (component.isEmpty()) {
      component = text(event, "reportingComponent");
      host = text(event, "reportingInstance");
    }
    return host.isEmpty() ? component : component + ", " + host;
  }

  private static List<Object> service(JsonNode service, Instant now) {
    JsonNode spec = service.path("spec");
    String type = text(spec, "type").isEmpty() ? "ClusterIP" : text(spec, "type");
    List<String> ports = new ArrayList<>();
    for (JsonNode port : spec.path("ports")) {
      String protocol = text(port, "protocol").isEmpty() ? "TCP" : text(port, "protocol");
      ports.add(port.path("nodePort").asInt(0) != 0
          ? port.path("port").asInt() + ":" + port.path("nodePort").asInt() + "/" + protocol
          : port.path("port").asInt() + "/" + protocol);
    }
    TreeMap<String, String> selector = new TreeMap<>();
    spec.path("selector").fields().forEachRemaining(entry -> selector.put(entry.getKey(), entry.getValue().asText()));
    List<Object> cells = new ArrayList<>();
    cells.add(name(service));
    cells.add(type);
    cells.add(orNone(text(spec, "clusterIP")));
    cells.add(externalIp(service, type));
    cells.add(ports.isEmpty() ? NONE : String.join(",", ports));
    cells.add(KubeAge.since(text(service.path("metadata"), "creationTimestamp"), now));
    cells.add(selector.isEmpty() ? NONE : String.join(",", selector.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue()).toList()));
    return cells;
  }

  /** kubectl's getServiceExternalIP. */
  private static String externalIp(JsonNode service, String type) {
    JsonNode spec = service.path("spec");
    List<String> ips = new ArrayList<>();
    spec.path("externalIPs").forEach(ip -> ips.add(ip.asText()));
    switch (type) {
      case "ClusterIP", "NodePort" -> {
        return ips.isEmpty() ? NONE : String.join(",", ips);
      }
      case "LoadBalancer" -> {
        List<String> all = new ArrayList<>();
        for (JsonNode ingress : service.path("status").path("loadBalancer").path("ingress")) {
          all.add(text(ingress, "ip").isEmpty() ? text(ingress, "hostname") : text(ingress, "ip"));
        }
        all.addAll(ips);
        return all.isEmpty() ? "<pending>" : String.join(",", all);
      }
      case "ExternalName" -> {
        return text(spec, "externalName");
      }
      default -> {
        return "<unknown>";
      }
    }
  }

  private static String name(JsonNode item) {
    return text(item.path("metadata"), "name");
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isMissingNode() || value.isNull() ? "" : value.asText();
  }

  private static String orNone(String value) {
    return value.isEmpty() ? NONE : value;
  }
}
