package dev.segtpu.operator.figures.accounting;

import dev.segtpu.api.SegmentationTrainingJobStatus.CostStatus;
import dev.segtpu.api.SegmentationTrainingJobStatus.GoodputStatus;
import dev.segtpu.api.SegmentationTrainingJobStatus;
import dev.segtpu.operator.figures.cost.LostProgress;
import dev.segtpu.operator.figures.cost.TpuHold;
import dev.segtpu.operator.plan.Calibration;
import dev.segtpu.operator.plan.Planner;
import dev.segtpu.operator.plan.PreemptionOverhead;
import dev.segtpu.operator.plan.ThroughputModel;
import dev.segtpu.operator.reconcile.decide.Figures;
import dev.segtpu.operator.status.Timestamps;
import dev.segtpu.tpu.PriceTable;
import dev.segtpu.tpu.TpuCatalog;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The operator's {@link Figures}: on every reconciliation it prices the job ({@link JobCost}), splits
 * its time into goodput and badput ({@link JobGoodputAccount}) and estimates its finish ({@link JobEstimate}). A pure function of its input: what it
 * must remember between reconciliations (the ledger of released nodes, the nodes still held, closed
 * attempts' goodput) lives in the status it returns. The budget itself is enforced by the decider, from
 * the cost the status records.
 */
public final class JobFigures implements Figures {

  private final JobCost cost;
  private final JobGoodputAccount goodput = new JobGoodputAccount();
  private final JobEstimate estimate;

  /** Prices with {@code table}; estimates with the shipped catalog, reference points and preemption priors. */
  public JobFigures(PriceTable table) {
    this(table, Calibration::empty);
  }

  /** As above, estimates preferring the throughput finished jobs measured ({@code measured} is read at each admission). */
  public JobFigures(PriceTable table, Supplier<Calibration> measured) {
    this.cost = new JobCost(table);
    this.estimate = new JobEstimate(new Planner(TpuCatalog.load(), table, ThroughputModel.builtIn(), PreemptionOverhead.defaults()),
        measured);
  }

  @Override
  public Optional<PriceTable> priceTable() {
    return Optional.of(cost.table());
  }

  @Override
  public Values of(Input in) {
    AttemptFacts attempt = AttemptFacts.of(in);
    int attemptNumber = in.gang().attempt();
    HeldNodes.Settlement held = HeldNodes.settle(HeldNodes.fromStatus(in.previous().cost), new HeldNodes.Observation(
        in.gang().allPods(), in.slices().shape().chipsPerHost(), attempt.heldProvisioning(),
        attempt.active() && !attempt.endedNow() ? attemptNumber : 0,
        attempt.preempted() ? Optional.of(attemptNumber) : Optional.empty(), in.now()));
    CostStatus priced = cost.price(attempt, held);
    List<TpuHold> gang = attempt.active() ? held.holdsOf(attemptNumber) : List.of();
    double teardown = teardownSeconds(held, in.decided());
    GoodputStatus split;
    if (attempt.endedNow()) {
      // The attempt's own split ends with the decision to stop it; the nodes' release follows as teardown.
      split = goodput.split(attempt, gang.stream().map(h -> h.released() ? h : h.releasedAt(in.now())).toList(),
          attempt.lostProgress(), teardown);
    } else {
      split = goodput.split(attempt, gang, LostProgress.none(), teardown);
    }
    return new Values(priced, split, estimate.of(in.spec(), in.slices(), in.decided(), in.now()));
  }

  /** From the recorded ending of an attempt to the release of its last node, for gangs released now. */
  private static double teardownSeconds(HeldNodes.Settlement held, SegmentationTrainingJobStatus status) {
    var ending = status.lastEnding;
    if (ending == null || ending.attempt == null) {
      return 0;
    }
    Instant releasedAt = held.gangsReleased().get(ending.attempt);
    Instant stoppedAt = Timestamps.parseOrNull(ending.time);
    return releasedAt == null || stoppedAt == null ? 0 : Math.max(0, Duration.between(stoppedAt, releasedAt).toMillis() / 1000.0);
  }
}
