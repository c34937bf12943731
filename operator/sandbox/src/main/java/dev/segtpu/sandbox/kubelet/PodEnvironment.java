package dev.segtpu.sandbox.kubelet;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The environment a container would see: literal values plus the downward API, with paths mapped to host folders. */
final class PodEnvironment {

  private PodEnvironment() {}

  static Map<String, String> resolve(Pod pod, String podIp, Map<String, Path> mounts) {
    Map<String, String> env = new LinkedHashMap<>();
    var container = pod.getSpec().getContainers().get(0);
    if (container.getEnv() == null) {
      return env;
    }
    for (EnvVar variable : container.getEnv()) {
      String value = variable.getValueFrom() == null ? variable.getValue() : downwardApi(variable, pod, podIp);
      env.put(variable.getName(), value == null ? "" : PodVolumes.toHostPath(value, mounts));
    }
    return env;
  }

  private static String downwardApi(EnvVar variable, Pod pod, String podIp) {
    if (variable.getValueFrom().getFieldRef() == null) {
      throw new IllegalArgumentException("env " + variable.getName()
          + ": the sandbox resolves only fieldRef from the downward API (no secrets or config maps)");
    }
    String path = variable.getValueFrom().getFieldRef().getFieldPath();
    return switch (path) {
      case "metadata.name" -> pod.getMetadata().getName();
      case "metadata.namespace" -> pod.getMetadata().getNamespace();
      case "metadata.uid" -> pod.getMetadata().getUid();
      case "status.podIP" -> podIp;
      case "spec.nodeName" -> pod.getSpec().getNodeName();
      case "spec.serviceAccountName" -> pod.getSpec().getServiceAccountName();
      default -> fromLabelsOrAnnotations(path, pod);
    };
  }

  private static String fromLabelsOrAnnotations(String path, Pod pod) {
    var labels = java.util.regex.Pattern.compile("^metadata\\.(labels|annotations)\\['(.+)'\\]$").matcher(path);
    if (!labels.matches()) {
      throw new IllegalArgumentException("downward API field " + path + " is not supported by the sandbox");
    }
    Map<String, String> source = labels.group(1).equals("labels")
        ? pod.getMetadata().getLabels() : pod.getMetadata().getAnnotations();
    return source == null ? "" : source.getOrDefault(labels.group(2), "");
  }
}
