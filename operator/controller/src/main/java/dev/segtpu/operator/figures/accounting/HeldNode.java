package dev.segtpu.operator.figures.accounting;

import dev.segtpu.api.SegmentationTrainingJobStatus.HeldNodeStatus;
import dev.segtpu.operator.figures.cost.TpuHold;
import java.time.Instant;

/**
 * The TPU node one worker of one attempt holds (or held), as the status remembers it between
 * reconciliations and across operator restarts.
 *
 * @param reclaimed the attempt ended because the cloud took its capacity back
 */
record HeldNode(int attempt, int worker, TpuHold hold, boolean reclaimed) {

  static HeldNode fromStatus(HeldNodeStatus status) {
    TpuHold hold = new TpuHold(status.provisioning, status.chips, Instant.parse(status.since),
        status.releasedAt == null ? null : Instant.parse(status.releasedAt));
    return new HeldNode(status.attempt, status.worker, hold, Boolean.TRUE.equals(status.reclaimed));
  }

  HeldNodeStatus toStatus() {
    HeldNodeStatus status = new HeldNodeStatus();
    status.attempt = attempt;
    status.worker = worker;
    status.provisioning = hold.provisioning();
    status.chips = hold.chips();
    status.since = hold.heldSince().toString();
    status.releasedAt = hold.released() ? hold.releasedAt().toString() : null;
    status.reclaimed = reclaimed ? Boolean.TRUE : null;
    return status;
  }

  boolean sameWorker(HeldNode other) {
    return attempt == other.attempt && worker == other.worker;
  }

  HeldNode releasedAt(Instant when) {
    return hold.released() ? this : new HeldNode(attempt, worker, hold.releasedAt(when), reclaimed);
  }

  HeldNode markedReclaimed() {
    return new HeldNode(attempt, worker, hold, true);
  }
}
