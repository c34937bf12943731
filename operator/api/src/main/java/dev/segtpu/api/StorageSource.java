package dev.segtpu.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
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

  @JsonPropertyDescription("A directory on the node. Only for the local sandbox and single-node test clusters; the operator refuses it unless configured to allow the path's prefix.")
  public HostPath hostPath;

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Gcs {
    @Required
    @Pattern("^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$")
    @JsonPropertyDescription("Bucket name without gs://.")
    public String bucket;

    @Size(max = SpecLimits.MAX_PATH_LENGTH)
    @Pattern(SpecLimits.RELATIVE_PATH)
    @JsonPropertyDescription("Folder inside the bucket (only this folder is mounted): segments of letters, digits, _ . -, none of them . or ..")
    public String path;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Pvc {
    @Required
    @Size(max = SpecLimits.MAX_NAME_LENGTH)
    @Pattern(SpecLimits.DNS_SUBDOMAIN)
    @JsonPropertyDescription("Name of the PersistentVolumeClaim.")
    public String claimName;

    @Size(max = SpecLimits.MAX_PATH_LENGTH)
    @Pattern(SpecLimits.RELATIVE_PATH)
    @JsonPropertyDescription("Folder inside the volume: segments of letters, digits, _ . -, none of them . or ..")
    public String subPath;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class HostPath {
    @Required
    @Size(max = SpecLimits.MAX_PATH_LENGTH)
    @Pattern(SpecLimits.ABSOLUTE_PATH)
    @JsonPropertyDescription("Absolute path on the node. Refused unless the operator allows host paths under a prefix (--allowed-host-path-prefixes; the sandbox allows its own).")
    public String path;
  }

  public static StorageSource hostPath(String path) {
    StorageSource source = new StorageSource();
    source.hostPath = new HostPath();
    source.hostPath.path = path;
    return source;
  }
}
