package dev.segtpu.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * One rung of {@code spec.provisioningLadder}: capacity the job moves onto, and when it moves there from
 * the rung before (spec.tpu.provisioning is the first rung).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.provisioning != 'reservation'",
    message = "a reservation can only be the first rung (spec.tpu.provisioning with spec.tpu.reservationName)",
    fieldPath = ".provisioning")
@ValidationRule(value = "has(self.afterPreemptions) || has(self.afterUnschedulableSeconds)",
    message = "a rung needs afterPreemptions or afterUnschedulableSeconds: when the job moves onto it")
public class ProvisioningRung {

  @Required
  @JsonPropertyDescription("How this rung's capacity is bought: on-demand, spot, preemptible or flex-start.")
  public Provisioning provisioning;

  @Min(1)
  @Max(SpecLimits.MAX_PREEMPTIONS)
  @JsonPropertyDescription("Move onto this rung after this many preemptions on the rung before.")
  public Integer afterPreemptions;

  @Min(SpecLimits.MIN_UNSCHEDULABLE_TIMEOUT_SECONDS)
  @Max(SpecLimits.MAX_SECONDS)
  @JsonPropertyDescription("Move onto this rung when the rung before leaves a worker waiting for capacity (unschedulable) this many seconds.")
  public Integer afterUnschedulableSeconds;

  public ProvisioningRung() {}

  public ProvisioningRung(Provisioning provisioning, Integer afterPreemptions, Integer afterUnschedulableSeconds) {
    this.provisioning = provisioning;
    this.afterPreemptions = afterPreemptions;
    this.afterUnschedulableSeconds = afterUnschedulableSeconds;
  }
}
