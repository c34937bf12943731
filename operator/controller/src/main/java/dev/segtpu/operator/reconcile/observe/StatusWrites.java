package dev.segtpu.operator.reconcile.observe;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When this operator last wrote each job's status: the one thing the decide step needs that neither
 * the job nor its pods say ({@link dev.segtpu.operator.reconcile.decide.StatusRefresh} writes a
 * status that differs only in clock-driven figures once per refresh period). Read while observing,
 * recorded after the act step wrote.
 */
public final class StatusWrites {

  private final Duration period;
  private final Map<ResourceID, Instant> lastWrite = new ConcurrentHashMap<>();
  private volatile Instant nextSweep = Instant.MIN;

  /** @param period the refresh period; entries no write refreshed for ten periods are dropped */
  public StatusWrites(Duration period) {
    this.period = period;
  }

  public Optional<Instant> last(ResourceID job) {
    return Optional.ofNullable(lastWrite.get(job));
  }

  public void written(ResourceID job, Instant now) {
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
