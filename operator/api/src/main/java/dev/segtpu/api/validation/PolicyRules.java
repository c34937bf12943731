package dev.segtpu.api.validation;

import dev.segtpu.api.SegmentationTrainingJobSpec;
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
}
