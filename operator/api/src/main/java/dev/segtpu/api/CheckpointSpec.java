package dev.segtpu.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class CheckpointSpec {

  @Required
  @JsonPropertyDescription("Durable storage for checkpoints: exactly one of gcs, pvc or hostPath (sandbox). Each job writes under its own folder.")
  public StorageSource storage;

  @Pattern(SpecLimits.CHECKPOINT_INTERVAL)
  @JsonPropertyDescription("auto (Young/Daly optimum from the measured save time and the job's mean time between preemptions), a duration such as 10m, or a step count such as 2000steps. Default auto.")
  public String interval;

  @Min(1)
  @Max(100)
  @JsonPropertyDescription("How many complete checkpoints to keep. Default 3.")
  public Integer keep;

  @JsonPropertyDescription("Start from the newest committed checkpoint of an earlier job in this namespace, read-only, when this job has none of its own yet (a recreated job otherwise starts at step 0).")
  public ResumeFrom resumeFrom;

  @JsonPropertyDescription("When committed checkpoints exist but none restores (all damaged): fail (default; the job fails with reason CheckpointUnrestorable and the checkpoints are kept as evidence) or start-over (train from step 0).")
  public OnUnrestorable onUnrestorable;

  /** An earlier job whose checkpoints this one continues from. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ResumeFrom {
    @Required
    @Size(max = SpecLimits.MAX_NAME_LENGTH)
    @Pattern(SpecLimits.DNS_SUBDOMAIN)
    @JsonPropertyDescription("Name of the earlier job (same namespace; it may have been deleted).")
    public String jobName;

    @Pattern(SpecLimits.UID)
    @JsonPropertyDescription("metadata.uid of the earlier job, to pick one of several jobs that had this name. Unset: the newest checkpoint of any of them.")
    public String jobUID;
  }

  public OnUnrestorable onUnrestorableOrDefault() {
    return onUnrestorable == null ? OnUnrestorable.FAIL : onUnrestorable;
  }

  public int keepOrDefault() {
    return keep == null ? 3 : keep;
  }
}
