package dev.segtpu.operator.checkpointing;

import dev.segtpu.api.Provisioning;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/** A {@link PreemptionPrior} for every provisioning mode. */
public record PreemptionPriors(Map<Provisioning, PreemptionPrior> byProvisioning) {

  public PreemptionPriors {
    for (Provisioning mode : Provisioning.values()) {
      if (!byProvisioning.containsKey(mode)) {
        throw new IllegalArgumentException("no preemption prior for provisioning " + mode.value());
      }
    }
    byProvisioning = Map.copyOf(byProvisioning);
  }

  /**
   * Assumed means: 6 h for Spot and preemptible (preemptible VMs live 24 h at most, reclaims come
   * earlier under load), 30 days for on-demand and reservations (maintenance events). Each counts as
   * one preemption of evidence.
   */
  public static PreemptionPriors defaults() {
    Map<Provisioning, PreemptionPrior> priors = new EnumMap<>(Provisioning.class);
    for (Provisioning mode : Provisioning.values()) {
      priors.put(mode, new PreemptionPrior(mode.reclaimable() ? Duration.ofHours(6) : Duration.ofDays(30), 1));
    }
    return new PreemptionPriors(priors);
  }

  public PreemptionPriors with(Provisioning mode, PreemptionPrior prior) {
    Map<Provisioning, PreemptionPrior> copy = new EnumMap<>(byProvisioning);
    copy.put(mode, prior);
    return new PreemptionPriors(copy);
  }

  public PreemptionPrior of(Provisioning mode) {
    return byProvisioning.get(mode);
  }
}
