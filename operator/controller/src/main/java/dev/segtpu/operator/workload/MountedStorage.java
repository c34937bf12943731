package dev.segtpu.operator.workload;

import dev.segtpu.api.SpecLimits;
import dev.segtpu.api.StorageSource;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A {@link StorageSource} as the trainer sees it: a volume mounted at a fixed local path. Cloud Storage
 * buckets go through the Cloud Storage FUSE CSI driver as an ephemeral inline volume (the pod needs the
 * {@code gke-gcsfuse/volumes} annotation for GKE to inject the FUSE sidecar); PVCs and host paths are
 * ordinary volumes.
 *
 * @param volume the pod volume
 * @param mount the trainer container's mount of it
 */
public record MountedStorage(Volume volume, VolumeMount mount) {

  public static final String GCS_FUSE_DRIVER = "gcsfuse.csi.storage.gke.io";
  public static final String GCS_FUSE_ANNOTATION = "gke-gcsfuse/volumes";

  public static final String DATA_VOLUME = "dataset";
  public static final String DATA_PATH = "/data";
  public static final String CHECKPOINT_VOLUME = "checkpoints";
  public static final String CHECKPOINT_PATH = "/checkpoints";

  private static final Pattern SAFE_FOLDER = Pattern.compile(SpecLimits.RELATIVE_PATH);

  /** The dataset, read-only at {@value #DATA_PATH}. */
  public static MountedStorage dataset(StorageSource source, long uid) {
    return of(DATA_VOLUME, DATA_PATH, source, true, uid);
  }

  /** The checkpoint store, writable at {@value #CHECKPOINT_PATH}. */
  public static MountedStorage checkpoints(StorageSource source, long uid) {
    return of(CHECKPOINT_VOLUME, CHECKPOINT_PATH, source, false, uid);
  }

  /** Pod annotations the storage needs (the GCS FUSE sidecar injection switch). */
  public static Map<String, String> podAnnotations(StorageSource... sources) {
    Map<String, String> annotations = new LinkedHashMap<>();
    for (StorageSource source : sources) {
      if (source != null && source.gcs != null) {
        annotations.put(GCS_FUSE_ANNOTATION, "true");
      }
    }
    return annotations;
  }

  static MountedStorage of(String name, String path, StorageSource source, boolean readOnly, long uid) {
    VolumeBuilder volume = new VolumeBuilder().withName(name);
    VolumeMountBuilder mount = new VolumeMountBuilder().withName(name).withMountPath(path).withReadOnly(readOnly);
    if (source.gcs != null) {
      // uid/gid make the FUSE mount writable for the non-root trainer; only-dir mounts just the job's folder.
      StringBuilder options = new StringBuilder("implicit-dirs,uid=" + uid + ",gid=" + uid);
      if (source.gcs.path != null && !source.gcs.path.isBlank()) {
        // The validator refused anything else already; checked again because this string is a mount option list.
        if (!SAFE_FOLDER.matcher(source.gcs.path).matches()) {
          throw new IllegalArgumentException(name + ": gcs.path '" + source.gcs.path + "' is not a plain folder");
        }
        options.append(",only-dir=").append(trimSlashes(source.gcs.path));
      }
      volume.withNewCsi()
          .withDriver(GCS_FUSE_DRIVER)
          .withReadOnly(readOnly)
          .addToVolumeAttributes("bucketName", source.gcs.bucket)
          .addToVolumeAttributes("mountOptions", options.toString())
          .endCsi();
    } else if (source.pvc != null) {
      volume.withNewPersistentVolumeClaim().withClaimName(source.pvc.claimName).withReadOnly(readOnly).endPersistentVolumeClaim();
      if (source.pvc.subPath != null && !source.pvc.subPath.isBlank()) {
        mount.withSubPath(trimSlashes(source.pvc.subPath));
      }
    } else if (source.hostPath != null) {
      volume.withNewHostPath().withPath(source.hostPath.path).withType("DirectoryOrCreate").endHostPath();
    } else {
      throw new IllegalArgumentException(name + ": storage source sets none of gcs, pvc, hostPath");
    }
    return new MountedStorage(volume.build(), mount.build());
  }

  private static String trimSlashes(String path) {
    String trimmed = path;
    while (trimmed.startsWith("/")) {
      trimmed = trimmed.substring(1);
    }
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    return trimmed;
  }
}
