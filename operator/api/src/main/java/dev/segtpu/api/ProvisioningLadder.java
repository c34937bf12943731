package dev.segtpu.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The capacity a job may use, in the order it tries them: {@code spec.tpu.provisioning} first, then
 * {@code spec.provisioningLadder}'s rungs, each entered from the one before when its condition holds
 * (so many preemptions on the rung before, or a worker unschedulable that long). The older
 * {@code spec.preemption.fallbackToOnDemandAfter: N} is the ladder with one rung, on-demand after N
 * preemptions. The job never moves back down: a rung once left is one whose capacity failed it.
 */
public record ProvisioningLadder(List<Rung> rungs) {

  /**
   * @param afterPreemptions enter this rung after this many preemptions on the rung before (null: not for that)
   * @param afterUnschedulableSeconds enter it when the rung before leaves a worker unschedulable this long (null: not for that)
   */
  public record Rung(Provisioning provisioning, Integer afterPreemptions, Integer afterUnschedulableSeconds) {}

  public ProvisioningLadder {
    rungs = List.copyOf(rungs);
  }

  public static ProvisioningLadder of(SegmentationTrainingJobSpec spec) {
    List<Rung> rungs = new ArrayList<>();
    rungs.add(new Rung(spec.tpu.provisioning, null, null));
    if (spec.provisioningLadder != null && !spec.provisioningLadder.isEmpty()) {
      for (ProvisioningRung rung : spec.provisioningLadder) {
        rungs.add(new Rung(rung.provisioning, rung.afterPreemptions, rung.afterUnschedulableSeconds));
      }
    } else if (spec.preemption != null && spec.preemption.fallbackToOnDemandAfter != null) {
      rungs.add(new Rung(Provisioning.ON_DEMAND, spec.preemption.fallbackToOnDemandAfter, null));
    }
    return new ProvisioningLadder(rungs);
  }

  public Rung rung(int index) {
    return rungs.get(Math.min(Math.max(index, 0), rungs.size() - 1));
  }

  /** The rung after {@code index}, if any. */
  public Optional<Rung> next(int index) {
    return index + 1 < rungs.size() ? Optional.of(rungs.get(index + 1)) : Optional.empty();
  }

  public int size() {
    return rungs.size();
  }
}
