package dev.segtpu.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Where the job stands on its provisioning ladder ({@code spec.provisioningLadder}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RungStatus {

  @JsonPropertyDescription("The rung in use: 0 is spec.tpu.provisioning, 1 the ladder's first rung, and so on.")
  public Integer index;

  @JsonPropertyDescription("Rungs in the ladder, the first included.")
  public Integer of;

  @JsonPropertyDescription("The rung's provisioning.")
  public Provisioning provisioning;

  @JsonPropertyDescription("Why the job moved onto this rung (empty on the first).")
  public String reason;

  @JsonPropertyDescription("When the job moved onto this rung.")
  public String since;

  @JsonPropertyDescription("status.preemptions when the job moved onto this rung: the rung's own preemptions are counted from there.")
  public Integer preemptionsAtEntry;

  public int indexOrZero() {
    return index == null ? 0 : index;
  }

  public int preemptionsAtEntryOrZero() {
    return preemptionsAtEntry == null ? 0 : preemptionsAtEntry;
  }
}
