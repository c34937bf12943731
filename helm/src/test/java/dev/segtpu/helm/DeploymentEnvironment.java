package dev.segtpu.helm;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment a pod of the operator Deployment gets: literal values, and the downward-API fields the
 * chart uses resolved as the kubelet would for a pod of that name.
 */
public record DeploymentEnvironment(Map<String, String> variables) {

  public static DeploymentEnvironment of(Deployment deployment, String podName) {
    Map<String, String> variables = new LinkedHashMap<>();
    for (EnvVar env : deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()) {
      variables.put(env.getName(), env.getValueFrom() == null ? env.getValue() : field(env, deployment, podName));
    }
    return new DeploymentEnvironment(Map.copyOf(variables));
  }

  private static String field(EnvVar env, Deployment deployment, String podName) {
    String path = env.getValueFrom().getFieldRef() == null ? null : env.getValueFrom().getFieldRef().getFieldPath();
    if ("metadata.name".equals(path)) {
      return podName;
    }
    if ("metadata.namespace".equals(path)) {
      return deployment.getMetadata().getNamespace();
    }
    throw new IllegalArgumentException("env " + env.getName() + " comes from " + env.getValueFrom() + ", which this test does not resolve");
  }
}
