package dev.segtpu.operator.reconcile.decide;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.segtpu.api.SegmentationTrainingJobStatus;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Whether a job's new status is worth a write. A change anyone acts on (phase, conditions, progress,
 * checkpoint, attempt, …) is written at once; a status that differs only in the figures that grow with
 * the clock ({@link #CLOCK_DRIVEN}: cost so far and projected, goodput seconds) is written only when the
 * last write is a refresh period old (the operator uses two progress intervals).
 *
 * <p>Why: while a job runs, a reconciliation every progress interval asks the trainer for its status,
 * and the answer brings a second one; both recompute the cost, and writing both would write every
 * running job's status twice per interval (the quick job makes one status write per answer:
 * operator/controller/README.md). The answer's write carries the fresh cost anyway. The timer's
 * reconciliation comes one interval after the previous answer's write, hence a period of two
 * intervals; when the trainer stops answering, or while a gang waits for capacity, the figures are
 * still refreshed every other interval.
 *
 * <p>Pure: when this operator last wrote the job's status is observed
 * ({@link dev.segtpu.operator.reconcile.observe.StatusWrites}), the clock is an input.
 */
public final class StatusRefresh {

  /** Status fields whose values follow the clock rather than events. */
  static final List<String> CLOCK_DRIVEN = List.of("cost", "goodput", "estimate");

  private final Duration period;
  private final KubernetesSerialization serialization = new KubernetesSerialization();

  public StatusRefresh(Duration period) {
    this.period = period;
  }

  /**
   * @param before the status as last written, null when none
   * @param after the decided status
   * @param lastWrite when this operator last wrote the job's status, if it remembers
   */
  public StatusWrite decide(SegmentationTrainingJobStatus before, SegmentationTrainingJobStatus after,
                            Optional<Instant> lastWrite, Instant now) {
    if (before == null || after == null) {
      return before == after ? StatusWrite.UNCHANGED : StatusWrite.FIRST;
    }
    ObjectNode old = serialization.convertValue(before, ObjectNode.class);
    ObjectNode next = serialization.convertValue(after, ObjectNode.class);
    if (old.equals(next)) {
      return StatusWrite.UNCHANGED;
    }
    old.remove(CLOCK_DRIVEN);
    next.remove(CLOCK_DRIVEN);
    if (!old.equals(next)) {
      return StatusWrite.CHANGED;
    }
    return lastWrite.isEmpty() || !now.isBefore(lastWrite.get().plus(period)) ? StatusWrite.REFRESH : StatusWrite.RECENT;
  }
}
