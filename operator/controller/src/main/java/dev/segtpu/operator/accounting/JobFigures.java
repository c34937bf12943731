package dev.segtpu.operator.accounting;

import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.operator.cost.LostProgress;
import dev.segtpu.operator.cost.TpuHold;
import dev.segtpu.operator.metrics.JobMetrics;
import dev.segtpu.operator.metrics.PriceTableSeries;
import dev.segtpu.operator.status.StatusEnrichment;
import dev.segtpu.tpu.PriceTable;
import io.fabric8.kubernetes.api.model.Pod;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The operator's {@link StatusEnrichment}: on every reconciliation it prices the job ({@link JobCost}),
 * splits its time into goodput and badput ({@link JobGoodputAccount}) and publishes the status about to
 * be written as the job's Prometheus series ({@link JobMetrics}). The budget itself is enforced by the
 * decider, from the cost this writes into the status.
 */
public final class JobFigures implements StatusEnrichment {

  private final JobCost cost;
  private final JobGoodputAccount goodput = new JobGoodputAccount();
  private final JobMetrics metrics;

  /** Also names {@code table} in {@code segtpu_price_table_info}. */
  public JobFigures(PriceTable table, MeterRegistry registry, Clock clock) {
    this.cost = new JobCost(table);
    this.metrics = new JobMetrics(registry, clock);
    new PriceTableSeries(registry).show(table);
  }

  @Override
  public void enrich(Input in) {
    AttemptFacts attempt = AttemptFacts.of(in);
    int attemptNumber = in.gang().attempt();
    List<Pod> pods = new ArrayList<>(in.gang().workerPods());
    pods.addAll(in.gang().leftovers());
    HeldNodes.Settlement held = HeldNodes.settle(HeldNodes.fromStatus(in.previous().cost), new HeldNodes.Observation(
        pods, in.slice().chipsPerHost(), attempt.heldProvisioning(),
        attempt.active() && !attempt.endedNow() ? attemptNumber : 0,
        attempt.preempted() ? Optional.of(attemptNumber) : Optional.empty(), in.now()));
    cost.write(attempt, held);
    List<TpuHold> gang = attempt.active() ? held.holdsOf(attemptNumber) : List.of();
    if (attempt.endedNow()) {
      // The attempt's time ends with the decision to stop it; its nodes are billed until they are released.
      goodput.record(attempt, gang.stream().map(h -> h.released() ? h : h.releasedAt(in.now())).toList(), attempt.lostProgress());
    } else {
      goodput.record(attempt, gang, LostProgress.none());
    }
    metrics.observe(withStatus(in.job(), in));
  }

  @Override
  public void forget(SegmentationTrainingJob job) {
    metrics.remove(job);
  }

  /** The job as it will read once the status is written: what its series show. */
  private static SegmentationTrainingJob withStatus(SegmentationTrainingJob job, Input in) {
    SegmentationTrainingJob view = new SegmentationTrainingJob();
    view.setMetadata(job.getMetadata());
    view.setSpec(in.spec());
    view.setStatus(in.next());
    return view;
  }
}
