package dev.segtpu.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class CheckpointSpec {

  @Required
  @JsonPropertyDescription("Durable storage for checkpoints: exactly one of gcs, pvc or hostPath (sandbox). Each job writes under its own folder.")
  public StorageSource storage;

  @Pattern("^(auto|[1-9][0-9]*(s|m|h)|[1-9][0-9]*steps)$")
  @JsonPropertyDescription("auto (Young/Daly optimum from the measured save time and the job's mean time between preemptions), a duration such as 10m, or a step count such as 2000steps. Default auto.")
  public String interval;

  @Min(1)
  @Max(100)
  @JsonPropertyDescription("How many complete checkpoints to keep. Default 3.")
  public Integer keep;

  public int keepOrDefault() {
    return keep == null ? 3 : keep;
  }
}
