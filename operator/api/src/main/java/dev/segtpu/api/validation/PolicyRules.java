package dev.segtpu.api.validation;

import dev.segtpu.api.Provisioning;
import dev.segtpu.api.ProvisioningRung;
import dev.segtpu.api.SegmentationTrainingJobSpec;
import dev.segtpu.api.TpuGeneration;
import dev.segtpu.tpu.TpuCatalog;
import java.util.List;

/** Preemption and failure policies, budget and lifetime limits. */
final class PolicyRules implements SpecRule {

  @Override
  public void check(SegmentationTrainingJobSpec spec, TpuCatalog catalog, FieldErrors errors) {
    if (spec.preemption != null) {
      Integer fallback = spec.preemption.fallbackToOnDemandAfter;
      if (fallback != null && spec.tpu != null && spec.tpu.provisioning != null && !spec.tpu.provisioning.reclaimable()) {
        errors.add("spec.preemption.fallbackToOnDemandAfter",
            "only applies to spot or preemptible provisioning; remove it or change spec.tpu.provisioning");
      }
      Integer max = spec.preemption.maxPreemptions;
      if (fallback != null && max != null && fallback > max) {
        errors.add("spec.preemption.fallbackToOnDemandAfter", "is never reached: the job fails after maxPreemptions ("
            + max + ") preemptions; lower it or raise maxPreemptions");
      }
    }
    ladder(spec, errors);
    if (spec.failurePolicy != null) {
      List<Integer> codes = spec.failurePolicy.retryableExitCodes == null ? List.of() : spec.failurePolicy.retryableExitCodes;
      for (int i = 0; i < codes.size(); i++) {
        Integer code = codes.get(i);
        if (code == null || code < 1 || code > 255) {
          errors.add("spec.failurePolicy.retryableExitCodes[" + i + "]", "must be an exit code in 1..255 (0 means success), got " + code);
        }
      }
    }
    if (spec.budget != null && spec.budget.maxCostUSD != null && spec.budget.maxCostUSD == 0) {
      errors.add("spec.budget.maxCostUSD", "must be above 0 USD, got " + spec.budget.maxCostUSD + "; remove budget for no limit");
    }
  }

  /** GKE flex-start takes TPUs from v5e on (its documentation excludes v3 and v4; v2 is not on GKE). */
  static final java.util.Set<TpuGeneration> FLEX_START_GENERATIONS =
      java.util.EnumSet.of(TpuGeneration.V5E, TpuGeneration.V5P, TpuGeneration.V6E, TpuGeneration.TPU7X);

  private static void ladder(SegmentationTrainingJobSpec spec, FieldErrors errors) {
    List<ProvisioningRung> rungs = spec.provisioningLadder == null ? List.of() : spec.provisioningLadder;
    if (!rungs.isEmpty() && spec.preemption != null && spec.preemption.fallbackToOnDemandAfter != null) {
      errors.add("spec.provisioningLadder", "and spec.preemption.fallbackToOnDemandAfter both say where the job goes: keep the "
          + "ladder (a rung {provisioning: on-demand, afterPreemptions: N} is the fallback)");
    }
    Provisioning previous = spec.tpu == null ? null : spec.tpu.provisioning;
    boolean flexStart = previous == Provisioning.FLEX_START;
    for (int i = 0; i < rungs.size(); i++) {
      ProvisioningRung rung = rungs.get(i);
      String field = "spec.provisioningLadder[" + i + "]";
      if (rung == null || rung.provisioning == null) {
        errors.add(field + ".provisioning", "is required: on-demand, spot, preemptible or flex-start");
        continue;
      }
      if (rung.provisioning == Provisioning.RESERVATION) {
        errors.add(field + ".provisioning", "cannot be reservation: a reservation can only be the first rung "
            + "(spec.tpu.provisioning with spec.tpu.reservationName)");
      }
      if (rung.provisioning == previous) {
        errors.add(field + ".provisioning", "is " + rung.provisioning.value() + ", as the rung before: each rung must change "
            + "the capacity; remove it");
      }
      if (rung.afterPreemptions == null && rung.afterUnschedulableSeconds == null) {
        errors.add(field, "needs afterPreemptions or afterUnschedulableSeconds: when the job moves onto it");
      }
      Integer max = spec.preemption == null ? null : spec.preemption.maxPreemptions;
      if (rung.afterPreemptions != null && max != null && rung.afterPreemptions > max) {
        errors.add(field + ".afterPreemptions", "is never reached: the job fails after spec.preemption.maxPreemptions ("
            + max + ") preemptions; lower it or raise maxPreemptions");
      }
      flexStart |= rung.provisioning == Provisioning.FLEX_START;
      previous = rung.provisioning;
    }
    if (spec.tpu == null || spec.tpu.generation == null) {
      return;
    }
    if (flexStart && !FLEX_START_GENERATIONS.contains(spec.tpu.generation)) {
      errors.add(spec.tpu.provisioning == Provisioning.FLEX_START ? "spec.tpu.provisioning" : "spec.provisioningLadder",
          "flex-start is not offered for " + spec.tpu.generation.value() + " on GKE (it is for v5e, v5p, v6e and tpu7x); "
              + "choose another provisioning or generation");
    }
    if (spec.tpu.maxRunDurationSeconds != null && !flexStart) {
      errors.add("spec.tpu.maxRunDurationSeconds", "applies to flex-start capacity only; remove it or use flex-start "
          + "(spec.tpu.provisioning or a rung of spec.provisioningLadder)");
    }
  }
}
