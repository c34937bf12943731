package dev.segtpu.operator.figures.accounting;

import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.api.SegmentationTrainingJobStatus;
import dev.segtpu.operator.figures.cost.LostProgress;
import dev.segtpu.operator.figures.cost.TpuHold;
import dev.segtpu.operator.metrics.JobMetrics;
import dev.segtpu.operator.metrics.PriceTableSeries;
import dev.segtpu.operator.status.StatusEnrichment;
import dev.segtpu.operator.status.Timestamps;
import dev.segtpu.tpu.PriceTable;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
    HeldNodes.Settlement held = HeldNodes.settle(HeldNodes.fromStatus(in.previous().cost), new HeldNodes.Observation(
        in.gang().allPods(), in.slice().chipsPerHost(), attempt.heldProvisioning(),
        attempt.active() && !attempt.endedNow() ? attemptNumber : 0,
        attempt.preempted() ? Optional.of(attemptNumber) : Optional.empty(), in.now()));
    cost.write(attempt, held);
    List<TpuHold> gang = attempt.active() ? held.holdsOf(attemptNumber) : List.of();
    double teardown = teardownSeconds(held, in.next());
    if (attempt.endedNow()) {
      // The attempt's own split ends with the decision to stop it; the nodes' release follows as teardown.
      goodput.record(attempt, gang.stream().map(h -> h.released() ? h : h.releasedAt(in.now())).toList(),
          attempt.lostProgress(), teardown);
    } else {
      goodput.record(attempt, gang, LostProgress.none(), teardown);
    }
    metrics.observe(withStatus(in.job(), in));
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
