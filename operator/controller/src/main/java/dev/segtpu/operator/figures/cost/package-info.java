/**
 * TPU cost of a job: chip-seconds from the moment each worker pod is scheduled onto a TPU node until
 * the node is released, priced per provisioning mode with the operator's price table.
 *
 * <p>On every reconcile:
 * <pre>{@code
 * CostLedger ledger = CostLedger.fromStatus(status.cost);              // released attempts, persisted
 * List<TpuHold> gang = workerPods.stream()
 *     .flatMap(p -> TpuHold.ofPod(p, slice.chipsPerHost(), mode).stream()).toList();
 * CostReport cost = CostReport.of(new Pricing(priceTable, generation), ledger, gang, now,
 *     new TrainingPace(step, totalSteps, stepsPerSecond, stepsPerEpoch, mode, slice.chips()));
 * cost.writeTo(status.cost);
 * BudgetVerdict verdict = Budget.of(spec.budget).map(b -> b.judge(cost.soFarUSD())).orElse(BudgetVerdict.OK);
 * }</pre>
 * When a gang is gone: close its holds ({@code hold.releasedAt(noticedAt)} for pods that vanished), then
 * {@code ledger = ledger.release(holds)} ({@code reclaimed(holds)} after a preemption, which applies the
 * preemptible first-minute rule), after a preemption also
 * {@code ledger = ledger.preempted(mode, chips, LostProgress.since(checkpointStep, lastStep, stepsPerSecond))},
 * and {@code ledger.writeTo(status.cost)}.
 */
package dev.segtpu.operator.figures.cost;
