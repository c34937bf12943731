package dev.segtpu.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class PreemptionSpec {

  @Min(0)
  @Max(SpecLimits.MAX_PREEMPTIONS)
  @JsonPropertyDescription("Give up (phase Failed, reason TooManyPreemptions) after this many preemptions. Unset: no limit.")
  public Integer maxPreemptions;

  @Min(1)
  @Max(SpecLimits.MAX_PREEMPTIONS)
  @JsonPropertyDescription("After this many preemptions, run the remaining attempts on on-demand capacity (spot or preemptible jobs only). Unset: never fall back. The same as spec.provisioningLadder: [{provisioning: on-demand, afterPreemptions: N}], which also offers other rungs and conditions.")
  public Integer fallbackToOnDemandAfter;
}
