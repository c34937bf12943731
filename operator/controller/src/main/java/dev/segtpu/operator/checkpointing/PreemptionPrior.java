package dev.segtpu.operator.checkpointing;

import java.time.Duration;

/**
 * What we believe about a provisioning mode's mean time between preemptions before a job has history
 * of its own. No public Spot TPU preemption rate exists, so this is configurable.
 *
 * @param weight how many preemptions' worth of evidence the prior counts as; the job's own history
 *     outweighs it after a few preemptions
 */
public record PreemptionPrior(Duration meanTimeBetweenPreemptions, double weight) {

  public PreemptionPrior {
    if (meanTimeBetweenPreemptions.isNegative() || meanTimeBetweenPreemptions.isZero() || !(weight > 0)) {
      throw new IllegalArgumentException("a preemption prior needs a positive mean time and weight, got "
          + meanTimeBetweenPreemptions + " and " + weight);
    }
  }

  /**
   * Mean time between preemptions in seconds, blending this prior with the job's history: the posterior
   * of a Gamma prior on the preemption rate (weight pseudo-preemptions over weight × mean seconds)
   * updated with an exponential likelihood, i.e. (weight·M₀ + exposed) / (weight + preemptions).
   */
  public double blend(PreemptionHistory history) {
    double priorSeconds = meanTimeBetweenPreemptions.toMillis() / 1000.0;
    return (weight * priorSeconds + history.exposedSeconds()) / (weight + history.preemptions());
  }
}
