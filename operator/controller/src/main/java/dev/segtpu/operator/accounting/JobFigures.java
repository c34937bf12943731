package dev.segtpu.operator.accounting;

import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.operator.cost.LostProgress;
import dev.segtpu.operator.cost.TpuHold;
import dev.segtpu.operator.metrics.JobMetrics;
import dev.segtpu.operator.metrics.PriceTableSeries;
import dev.segtpu.operator.progress.ProgressSignal;
import dev.segtpu.operator.status.StatusEnrichment;
import dev.segtpu.tpu.PriceTable;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;

/**
 * The operator's {@link StatusEnrichment}: on every reconciliation it prices the job ({@link JobCost}),
 * splits its time into goodput and badput ({@link JobGoodputAccount}) and publishes the status about to
 * be written as the job's Prometheus series ({@link JobMetrics}). The budget itself is enforced by the
 * decider, from the cost this writes into the status.
 */
public final class JobFigures implements StatusEnrichment {

  private final GangHolds holds = new GangHolds();
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
    String job = ProgressSignal.key(in.job());
    List<TpuHold> gang = attempt.active()
        ? holds.observe(job, in.gang(), in.slice().chipsPerHost(), attempt.heldProvisioning(), in.now())
        : List.of();
    if (attempt.endedNow()) {
      // The pods are only now asked to stop: the bill for this attempt ends here, once.
      List<TpuHold> closed = gang.stream().map(h -> h.released() ? h : h.releasedAt(in.now())).toList();
      cost.ended(attempt, closed, attempt.preempted(), attempt.lostProgress());
      goodput.record(attempt, closed, attempt.lostProgress());
      holds.forget(job);
    } else {
      cost.running(attempt, gang);
      goodput.record(attempt, gang, LostProgress.none());
    }
    metrics.observe(withStatus(in.job(), in));
  }

  @Override
  public void forget(SegmentationTrainingJob job) {
    holds.forget(ProgressSignal.key(job));
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
