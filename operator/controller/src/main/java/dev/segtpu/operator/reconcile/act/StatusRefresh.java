package dev.segtpu.operator.reconcile.act;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.segtpu.api.SegmentationTrainingJobStatus;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a job's new status is worth a write. A change anyone acts on (phase, conditions, progress,
 * checkpoint, attempt, …) is written at once; a status that differs only in the figures that grow with
 * the clock ({@link #CLOCK_DRIVEN}: cost so far and projected, goodput seconds) is written only when the
 * last write is a refresh period old (the operator uses two progress intervals).
 *
 * <p>Why: while a job runs, a reconciliation every progress interval asks the trainer for its status,
 * and the answer brings a second one; both recomputed the cost, so every interval wrote the status
 * twice, and on a large cluster every running job's status did (the quick job now makes one status
 * write per answer, 47 at this change: operator/controller/README.md). The answer's write carries the fresh cost anyway. The timer's
 * reconciliation comes one interval after the previous answer's write, hence a period of two
 * intervals; when the trainer stops answering, or while a gang waits for capacity, the figures are
 * still refreshed every other interval.
 */
final class StatusRefresh {

  /** Status fields whose values follow the clock rather than events. */
  static final List<String> CLOCK_DRIVEN = List.of("cost", "goodput");

  private final Duration period;
  private final Clock clock;
  private final KubernetesSerialization serialization = new KubernetesSerialization();
  private final Map<ResourceID, Instant> lastWrite = new ConcurrentHashMap<>();
  private volatile Instant nextSweep = Instant.MIN;

  StatusRefresh(Duration period, Clock clock) {
    this.period = period;
    this.clock = clock;
  }

  boolean needsWrite(ResourceID job, SegmentationTrainingJobStatus before, SegmentationTrainingJobStatus after) {
    if (before == null || after == null) {
      return before != after;
    }
    ObjectNode old = serialization.convertValue(before, ObjectNode.class);
    ObjectNode next = serialization.convertValue(after, ObjectNode.class);
    if (old.equals(next)) {
      return false;
    }
    old.remove(CLOCK_DRIVEN);
    next.remove(CLOCK_DRIVEN);
    if (!old.equals(next)) {
      return true;
    }
    Instant last = lastWrite.get(job);
    return last == null || !clock.instant().isBefore(last.plus(period));
  }

  void written(ResourceID job) {
    Instant now = clock.instant();
    lastWrite.put(job, now);
    // Jobs come and go: once per period, drop what no write refreshed for many periods (deleted or
    // finished jobs), rather than scanning every job on every write.
    if (now.isAfter(nextSweep)) {
      nextSweep = now.plus(period);
      Instant stale = now.minus(period.multipliedBy(10));
      lastWrite.values().removeIf(when -> when.isBefore(stale));
    }
  }
}
