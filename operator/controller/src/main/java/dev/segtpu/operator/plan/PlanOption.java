package dev.segtpu.operator.plan;

import dev.segtpu.api.Provisioning;
import dev.segtpu.tpu.SliceShape;
import java.util.OptionalDouble;

/**
 * One row of a plan: a slice and a provisioning mode, with the expected time and cost of the job on it.
 *
 * @param trainSeconds the work alone: images / throughput
 * @param preemptionSeconds expected extra wall time from preemptions (saves, lost work, restarts)
 * @param costUSD chips × wall hours × price; empty when the price table has no list price (0)
 * @param pricePerChipHour from the price table
 * @param slices how many slices of the shape (Multislice when more than one; the planner's own rows are single slices)
 * @param schedulable whether current GKE can schedule the slice (v2/v3 are for planning only)
 */
public record PlanOption(SliceShape slice, int slices, Provisioning provisioning, Throughput throughput, double trainSeconds,
                         PreemptionOverhead.Estimate preemption, double pricePerChipHour, OptionalDouble costUSD,
                         boolean schedulable) {

  /** Chips of all slices: what the option pays for. */
  public int chips() {
    return slices * slice.chips();
  }

  public double preemptionSeconds() {
    return preemption.extraSeconds();
  }

  public double wallSeconds() {
    return trainSeconds + preemption.extraSeconds();
  }

  /** E.g. "v5e-8 2x4 spot". */
  public String describe() {
    String one = slice.displayName() + " " + slice.topology() + " " + provisioning.value();
    return slices > 1 ? slices + " × " + one : one;
  }
}
