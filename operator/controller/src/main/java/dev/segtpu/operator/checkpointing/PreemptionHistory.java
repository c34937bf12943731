package dev.segtpu.operator.checkpointing;

import dev.segtpu.api.Provisioning;
import dev.segtpu.operator.figures.cost.ChipSeconds;

/**
 * A job's own preemption evidence: seconds its gangs were exposed to reclaim and how many were lost.
 */
public record PreemptionHistory(double exposedSeconds, int preemptions) {

  public PreemptionHistory {
    if (exposedSeconds < 0 || preemptions < 0) {
      throw new IllegalArgumentException("preemption history needs exposedSeconds >= 0 and preemptions >= 0");
    }
  }

  public static PreemptionHistory none() {
    return new PreemptionHistory(0, 0);
  }

  /**
   * The evidence relevant to the next attempt's {@code mode}, from what the status already keeps:
   * chip-seconds held by mode (divided by the slice's chips gives wall seconds exposed) and the
   * preemption count. The status does not count preemptions by mode and nearly all of them happen on
   * reclaimable capacity, so they are charged to Spot and preemptible time; an on-demand attempt
   * after a fallback counts only its own exposure.
   */
  public static PreemptionHistory of(ChipSeconds held, int chips, Provisioning mode, int preemptions) {
    if (mode.reclaimable()) {
      double exposed = (held.of(Provisioning.SPOT) + held.of(Provisioning.PREEMPTIBLE)) / chips;
      return new PreemptionHistory(exposed, preemptions);
    }
    return new PreemptionHistory((held.of(Provisioning.ON_DEMAND) + held.of(Provisioning.RESERVATION)) / chips, 0);
  }

  public PreemptionHistory after(double exposedSeconds, boolean preempted) {
    return new PreemptionHistory(this.exposedSeconds + exposedSeconds, preemptions + (preempted ? 1 : 0));
  }
}
