package dev.segtpu.helm;

import dev.segtpu.operator.OperatorSettings;
import dev.segtpu.sandbox.Sandbox;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Installs a rendered chart into the sandbox as far as its API can hold it: the release namespace, the
 * CRD (replacing the one the sandbox started with), the ServiceAccount, the ConfigMaps and the RBAC objects; then starts
 * the sandbox's operator with the Deployment's args and environment, as a pod of it would start, its
 * ConfigMap volumes (the price table) written to local folders that stand in for their mount paths.
 */
public final class SandboxInstallation {

  /** The name the operator's pod gets in the sandbox (its leader-election identity). */
  public static final String POD_NAME = "segtpu-operator-7d9f8-x2k4q";

  private SandboxInstallation() {}

  public static OperatorSettings install(RenderedChart chart, Sandbox sandbox, Path mounts) {
    var client = sandbox.client();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(SegtpuChart.NAMESPACE).endMetadata().build())
        .createOr(NonDeletingOperation::update);
    for (HasMetadata object : chart.objects()) {
      if (object instanceof CustomResourceDefinition || object instanceof ServiceAccount || object instanceof ConfigMap
          || isRbac(object)) {
        client.resource(object).createOr(NonDeletingOperation::update);
      }
    }
    Map<String, String> mountPaths = mountConfigMaps(chart, mounts);
    String[] args = chart.operatorArgs().stream().map(arg -> local(arg, mountPaths)).toArray(String[]::new);
    Map<String, String> env = new LinkedHashMap<>();
    DeploymentEnvironment.of(chart.deployment(), POD_NAME).variables().forEach((name, value) -> env.put(name, local(value, mountPaths)));
    OperatorSettings settings = OperatorSettings.parse(args, env);
    sandbox.startOperator(settings);
    return settings;
  }

  private static boolean isRbac(HasMetadata object) {
    return object.getApiVersion().startsWith("rbac.authorization.k8s.io/");
  }

  /** Writes each ConfigMap volume of the operator container into {@code mounts}; returns mount path to folder. */
  private static Map<String, String> mountConfigMaps(RenderedChart chart, Path mounts) {
    List<Volume> volumes = chart.deployment().getSpec().getTemplate().getSpec().getVolumes();
    Map<String, String> mountPaths = new LinkedHashMap<>();
    for (VolumeMount mount : chart.operatorContainer().getVolumeMounts()) {
      Volume volume = volumes.stream().filter(v -> v.getName().equals(mount.getName())).findFirst().orElseThrow();
      if (volume.getConfigMap() == null) {
        continue;
      }
      ConfigMap configMap = chart.named(ConfigMap.class, volume.getConfigMap().getName());
      Path folder = mounts.resolve(mount.getName());
      try {
        Files.createDirectories(folder);
        for (Map.Entry<String, String> file : configMap.getData().entrySet()) {
          Files.writeString(folder.resolve(file.getKey()), file.getValue());
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      mountPaths.put(mount.getMountPath(), folder.toString());
    }
    return mountPaths;
  }

  private static String local(String value, Map<String, String> mountPaths) {
    String local = value;
    for (Map.Entry<String, String> mount : mountPaths.entrySet()) {
      local = local.replace(mount.getKey(), mount.getValue());
    }
    return local;
  }
}
