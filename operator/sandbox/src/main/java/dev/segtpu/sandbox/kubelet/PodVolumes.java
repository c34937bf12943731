package dev.segtpu.sandbox.kubelet;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Maps a pod's volume mounts to folders on this machine: hostPath volumes to their path, emptyDir to a
 * per-pod folder, PVCs and Cloud Storage FUSE volumes to per-claim / per-bucket folders under the
 * sandbox root (so a restarted pod sees the same checkpoints, as it would on GKE).
 */
final class PodVolumes {

  private PodVolumes() {}

  /** mount path in the container → folder on this machine, longest mount paths first. */
  static Map<String, Path> mounts(Pod pod, Path sandboxRoot, Path podDirectory) {
    Map<String, Volume> volumes = new LinkedHashMap<>();
    if (pod.getSpec().getVolumes() != null) {
      pod.getSpec().getVolumes().forEach(v -> volumes.put(v.getName(), v));
    }
    Map<String, Path> mounts = new LinkedHashMap<>();
    var container = pod.getSpec().getContainers().get(0);
    if (container.getVolumeMounts() == null) {
      return mounts;
    }
    container.getVolumeMounts().stream()
        .sorted((a, b) -> b.getMountPath().length() - a.getMountPath().length())
        .forEach(mount -> mounts.put(mount.getMountPath(), hostFolder(volumes.get(mount.getName()), mount,
            pod.getMetadata().getNamespace(), sandboxRoot, podDirectory)));
    return mounts;
  }

  private static Path hostFolder(Volume volume, VolumeMount mount, String namespace, Path sandboxRoot,
                                 Path podDirectory) {
    if (volume == null) {
      throw new IllegalArgumentException("volume mount " + mount.getName() + " names no volume of the pod");
    }
    Path base;
    if (volume.getHostPath() != null) {
      base = Path.of(volume.getHostPath().getPath());
    } else if (volume.getEmptyDir() != null) {
      base = podDirectory.resolve("volumes").resolve(volume.getName());
    } else if (volume.getPersistentVolumeClaim() != null) {
      base = sandboxRoot.resolve("pvc").resolve(namespace).resolve(volume.getPersistentVolumeClaim().getClaimName());
    } else if (volume.getCsi() != null && volume.getCsi().getVolumeAttributes() != null
        && volume.getCsi().getVolumeAttributes().containsKey("bucketName")) {
      base = sandboxRoot.resolve("gcs").resolve(volume.getCsi().getVolumeAttributes().get("bucketName"));
    } else {
      base = podDirectory.resolve("volumes").resolve(volume.getName());
    }
    Path folder = mount.getSubPath() == null || mount.getSubPath().isEmpty() ? base : base.resolve(mount.getSubPath());
    try {
      return Files.createDirectories(folder);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + folder + " for volume " + volume.getName(), e);
    }
  }

  /** Rewrites a container path to the folder that stands in for it; other text is returned unchanged. */
  static String toHostPath(String value, Map<String, Path> mounts) {
    for (Map.Entry<String, Path> mount : mounts.entrySet()) {
      String mountPath = mount.getKey();
      if (value.equals(mountPath)) {
        return mount.getValue().toString();
      }
      if (value.startsWith(mountPath + "/")) {
        return mount.getValue() + value.substring(mountPath.length());
      }
    }
    return value;
  }
}
