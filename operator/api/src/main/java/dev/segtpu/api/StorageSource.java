package dev.segtpu.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** A place the trainer sees as a local directory: a GCS bucket, a PVC, or (sandbox only) a host path. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "[has(self.gcs), has(self.pvc), has(self.hostPath)].filter(x, x).size() == 1",
    message = "set exactly one of gcs, pvc or hostPath")
public class StorageSource {

  @JsonPropertyDescription("A Cloud Storage bucket mounted through the Cloud Storage FUSE CSI driver (needs Workload Identity access to the bucket).")
  public Gcs gcs;

  @JsonPropertyDescription("A PersistentVolumeClaim in the job's namespace.")
  public Pvc pvc;

  @JsonPropertyDescription("A directory on the node. Only for the local sandbox and single-node test clusters.")
  public HostPath hostPath;

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Gcs {
    @Required
    @Pattern("^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$")
    @JsonPropertyDescription("Bucket name without gs://.")
    public String bucket;

    @JsonPropertyDescription("Folder inside the bucket (only this folder is mounted).")
    public String path;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Pvc {
    @Required
    @JsonPropertyDescription("Name of the PersistentVolumeClaim.")
    public String claimName;

    @JsonPropertyDescription("Folder inside the volume.")
    public String subPath;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class HostPath {
    @Required
    @Pattern("^/.*")
    @JsonPropertyDescription("Absolute path on the node.")
    public String path;
  }

  public static StorageSource hostPath(String path) {
    StorageSource source = new StorageSource();
    source.hostPath = new HostPath();
    source.hostPath.path = path;
    return source;
  }
}
