package dev.segtpu.operator.plan;

import java.util.List;
import java.util.Optional;

/**
 * The planner's answer: every option it considered, the cheapest that meets the deadline and the
 * fastest, the accuracy the reference reports for this schedule, and what the figures rest on.
 *
 * @param priceTable the price table's label, e.g. "gcp-list-us-2026-11 (2026-11-01)"
 * @param assumptions the assumptions every row shares (preemption rates, restart time, scaling)
 * @param notes what the plan left out and why
 */
public record Plan(PlanRequest request, List<PlanOption> options, PlanOption cheapest, PlanOption fastest,
                   Optional<String> expectedAccuracy, String priceTable, List<String> assumptions, List<String> notes) {

  public Plan {
    options = List.copyOf(options);
    assumptions = List.copyOf(assumptions);
    notes = List.copyOf(notes);
  }

  /** Whether the option's cost exceeds the job's budget (false when there is no budget or no price). */
  public boolean overBudget(PlanOption option) {
    return request.budgetUSD().isPresent() && option.costUSD().isPresent()
        && option.costUSD().getAsDouble() > request.budgetUSD().getAsDouble();
  }

  /** Whether the option finishes after the deadline (false without one). */
  public boolean pastDeadline(PlanOption option) {
    return request.deadline().isPresent() && option.wallSeconds() > request.deadline().get().toSeconds();
  }

  /** The option for this slice name, topology and mode, e.g. ("v2-8", "on-demand"). */
  public Optional<PlanOption> option(String displayName, String mode) {
    return options.stream().filter(o -> o.slice().displayName().equals(displayName) && o.provisioning().value().equals(mode))
        .findFirst();
  }
}
