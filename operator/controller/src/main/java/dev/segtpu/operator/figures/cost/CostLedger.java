package dev.segtpu.operator.figures.cost;

import dev.segtpu.api.Provisioning;
import dev.segtpu.api.SegmentationTrainingJobStatus.CostStatus;
import java.time.Duration;
import java.util.Collection;

/**
 * What the status must remember to price a whole job across operator restarts: chip-seconds of the
 * attempts whose TPU nodes were released, and chip-seconds of progress recomputed after preemptions.
 * The running attempt is not in here; it is re-derived from its pods on every reconcile.
 */
public record CostLedger(ChipSeconds released, ChipSeconds wasted) {

  private static final Duration FREE_RECLAIM = Duration.ofMinutes(1);

  public static CostLedger empty() {
    return new CostLedger(ChipSeconds.none(), ChipSeconds.none());
  }

  public static CostLedger fromStatus(CostStatus status) {
    return status == null ? empty()
        : new CostLedger(ChipSeconds.fromStatus(status.releasedChipSeconds), ChipSeconds.fromStatus(status.wastedChipSeconds));
  }

  /** Adds an attempt whose gang is gone. Every hold must be released, so it is counted exactly once. */
  public CostLedger release(Collection<TpuHold> gang) {
    ChipSeconds sum = released;
    for (TpuHold hold : gang) {
      if (!hold.released()) {
        throw new IllegalArgumentException("hold since " + hold.heldSince() + " is not released; close it with releasedAt(...) first");
      }
      sum = sum.plus(hold.chipSeconds(hold.releasedAt()));
    }
    return new CostLedger(sum, wasted);
  }

  /**
   * Adds a gang the cloud reclaimed. Like {@link #release}, except that preemptible TPUs reclaimed
   * within their first minute are not charged (Cloud TPU billing rule, shared/reference/gke-tpu.md).
   */
  public CostLedger reclaimed(Collection<TpuHold> gang) {
    return release(gang.stream().filter(hold -> !freeReclaim(hold)).toList());
  }

  private static boolean freeReclaim(TpuHold hold) {
    return hold.provisioning() == Provisioning.PREEMPTIBLE && hold.released()
        && Duration.between(hold.heldSince(), hold.releasedAt()).compareTo(FREE_RECLAIM) < 0;
  }

  /** Adds the chip-time of the steps a preempted gang of {@code chips} chips must recompute. */
  public CostLedger preempted(Provisioning provisioning, int chips, LostProgress lost) {
    return new CostLedger(released, wasted.plus(ChipSeconds.of(provisioning, lost.seconds() * chips)));
  }

  public void writeTo(CostStatus status) {
    status.releasedChipSeconds = released.toStatus();
    status.wastedChipSeconds = wasted.toStatus();
  }
}
