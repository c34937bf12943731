package dev.segtpu.operator.plan;

import dev.segtpu.api.Provisioning;
import dev.segtpu.api.TpuGeneration;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * What to plan for.
 *
 * @param generations generations to consider; empty means every generation current GKE can schedule.
 *     Naming a generation that is not schedulable (v2, v3) includes it for planning.
 * @param modes provisioning modes to consider; empty means on-demand plus the reclaimable product of the
 *     generation (preemptible for v2/v3, Spot for the rest). Reservations need a reservation: ask for them.
 * @param deadline the cheapest choice must finish within it
 * @param budgetUSD the job's {@code spec.budget.maxCostUSD}, marked in the plan
 */
public record PlanRequest(Workload workload, Set<TpuGeneration> generations, Set<Provisioning> modes,
                          Optional<Duration> deadline, OptionalDouble budgetUSD) {

  public PlanRequest {
    generations = Set.copyOf(generations);
    modes = Set.copyOf(modes);
    deadline.ifPresent(d -> {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("deadline must be positive, got " + d);
      }
    });
  }

  public static PlanRequest of(Workload workload) {
    return new PlanRequest(workload, Set.of(), Set.of(), Optional.empty(), OptionalDouble.empty());
  }

  public PlanRequest withGenerations(Set<TpuGeneration> chosen) {
    return new PlanRequest(workload, chosen, modes, deadline, budgetUSD);
  }

  public PlanRequest withDeadline(Duration limit) {
    return new PlanRequest(workload, generations, modes, Optional.of(limit), budgetUSD);
  }

  public PlanRequest withBudget(double usd) {
    return new PlanRequest(workload, generations, modes, deadline, OptionalDouble.of(usd));
  }

  public PlanRequest withModes(Set<Provisioning> chosen) {
    return new PlanRequest(workload, generations, chosen, deadline, budgetUSD);
  }
}
