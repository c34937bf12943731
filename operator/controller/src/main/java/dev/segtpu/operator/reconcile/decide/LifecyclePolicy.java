package dev.segtpu.operator.reconcile.decide;

import java.time.Duration;

/**
 * Operator-wide lifecycle settings.
 *
 * @param backoffBase wait before the restart that follows the first trainer failure; doubles per failure
 * @param backoffMax longest wait between a trainer failure and the restart
 * @param progressInterval how often a running job is reconciled to read worker 0's /status
 * @param kueueGate a job labelled {@code kueue.x-k8s.io/queue-name} runs each attempt as a Kueue pod group
 *     in that queue: its pods wait at Kueue's admission gate until Kueue admits the whole group
 */
public record LifecyclePolicy(Duration backoffBase, Duration backoffMax, Duration progressInterval, boolean kueueGate) {

  public static LifecyclePolicy defaults() {
    return new LifecyclePolicy(Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofSeconds(30), true);
  }

  /** Wait after the {@code failures}-th trainer failure: base, 2 x base, 4 x base ... up to the maximum. */
  public Duration backoff(int failures) {
    if (failures <= 0) {
      return Duration.ZERO;
    }
    long factor = 1L << Math.min(failures - 1, 30);
    Duration wait = backoffBase.multipliedBy(factor);
    return wait.compareTo(backoffMax) > 0 || wait.isNegative() ? backoffMax : wait;
  }
}
