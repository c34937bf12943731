package dev.segtpu.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "(self.generation in ['v4', 'v5p', 'tpu7x']) == self.topology.matches('^[0-9]+x[0-9]+x[0-9]+$')",
    message = "spec.tpu.topology does not fit the generation: v4, v5p and tpu7x take a 3-D topology such as 2x2x2; v2, v3, v5e and v6e a 2-D one such as 2x4",
    fieldPath = ".topology")
@ValidationRule(value = "(self.provisioning == 'reservation') == has(self.reservationName)",
    message = "spec.tpu.reservationName is required with provisioning: reservation, and only then",
    fieldPath = ".reservationName")
@ValidationRule(value = "!has(self.slices) || self.slices <= 1 || self.generation in ['v4', 'v5e', 'v5p', 'v6e']",
    message = "spec.tpu.slices above 1 (Multislice) needs a generation GKE joins into one job: v4, v5e, v5p or v6e",
    fieldPath = ".slices")
public class TpuSpec {

  @Required
  @JsonPropertyDescription("TPU generation: v2, v3 (cost planning; not schedulable on current GKE unless the cluster has such nodes), v4, v5e, v5p, v6e, tpu7x.")
  public TpuGeneration generation;

  @Required
  @Pattern("^[1-9][0-9]{0,2}x[1-9][0-9]{0,2}(x[1-9][0-9]{0,2})?$")
  @JsonPropertyDescription("Slice shape in chips, e.g. 2x2 (v5e, one host), 4x4 (v5e, 4 hosts), 2x2x2 (v4/v5p, 2 hosts). v2-8 and v3-8 are 2x2.")
  public String topology;

  @Required
  @JsonPropertyDescription("on-demand, spot, preemptible, reservation or flex-start. Spot and preemptible are cheaper and can be reclaimed at any time; flex-start (GKE's Dynamic Workload Scheduler) waits for capacity and keeps it at most maxRunDurationSeconds; the job then resumes from its latest checkpoint.")
  public Provisioning provisioning;

  @Pattern("^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$")
  @JsonPropertyDescription("Name of the Compute Engine reservation to consume (provisioning: reservation).")
  public String reservationName;

  @Min(1)
  @Max(SpecLimits.MAX_SLICES)
  @JsonPropertyDescription("How many slices of this topology the job trains on (Multislice: v4, v5e, v5p, v6e). Default 1. "
      + "Each slice is one gang of its own, on its own slice (node pool); all slices start, stop and restart together. "
      + "slices x hosts per slice must divide spec.training.batchSize.")
  public Integer slices;

  @Min(SpecLimits.MIN_FLEX_START_RUN_SECONDS)
  @Max(SpecLimits.MAX_FLEX_START_RUN_SECONDS)
  @JsonPropertyDescription("Flex-start only: how long GKE keeps flex-start capacity (maxRunDurationSeconds) before taking it back; "
      + "the job checkpoints then and continues on the next capacity it gets. At most 7 days, the default.")
  public Integer maxRunDurationSeconds;

  public int slicesOrDefault() {
    return slices == null ? 1 : slices;
  }
}
