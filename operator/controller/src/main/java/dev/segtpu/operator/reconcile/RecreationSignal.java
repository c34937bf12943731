package dev.segtpu.operator.reconcile;

import dev.segtpu.api.SegmentationTrainingJob;
import io.javaoperatorsdk.operator.health.Status;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.javaoperatorsdk.operator.processing.event.source.ResourceEventAware;
import io.javaoperatorsdk.operator.processing.event.source.controller.ResourceAction;
import io.javaoperatorsdk.operator.processing.event.source.controller.ResourceEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure a job re-created under the name of one just deleted gets reconciled. With
 * {@code triggerReconcilerOnAllEvents}, JOSDK 5.2.3 forgets a resource's pending events when the execution
 * that handled its deletion ends, so the creation event of a new job under the same name that arrives
 * while the old one's pods are being deleted is lost, and nothing else would wake the new job. This source
 * hears every creation and deletion of a job (the framework tells additional event sources of them); a
 * creation under a name deleted recently is signalled again until the reconciler reports that it
 * reconciled that incarnation (by UID), or gives up after {@link #PATIENCE}.
 */
final class RecreationSignal extends AbstractEventSource<RecreationSignal.Recreated, SegmentationTrainingJob>
    implements ResourceEventAware<SegmentationTrainingJob> {

  /** A job created under the name of a job deleted shortly before, not yet reconciled. */
  record Recreated(SegmentationTrainingJob job, Instant created) {
    String uid() {
      return job.getMetadata().getUid();
    }
  }

  private static final Logger log = LoggerFactory.getLogger(RecreationSignal.class);

  /** How long a deletion counts as recent, and how long a re-creation is signalled again at most. */
  static final Duration PATIENCE = Duration.ofSeconds(60);
  static final Duration PERIOD = Duration.ofMillis(250);

  private final Clock clock;
  private final Map<ResourceID, Instant> deleted = new ConcurrentHashMap<>();
  private final Map<ResourceID, Recreated> pending = new ConcurrentHashMap<>();
  private ScheduledExecutorService timer;

  RecreationSignal(Clock clock) {
    super(Recreated.class, "job-recreation");
    this.clock = clock;
  }

  @Override
  public void onResourceDeleted(SegmentationTrainingJob job) {
    ResourceID id = ResourceID.fromResource(job);
    deleted.put(id, clock.instant());
    pending.computeIfPresent(id, (key, recreated) -> Objects.equals(recreated.uid(), job.getMetadata().getUid()) ? null : recreated);
  }

  @Override
  public void onResourceCreated(SegmentationTrainingJob job) {
    ResourceID id = ResourceID.fromResource(job);
    Instant deletedAt = deleted.get(id);
    Instant now = clock.instant();
    if (deletedAt != null && deletedAt.plus(PATIENCE).isAfter(now)) {
      pending.put(id, new Recreated(job, now));
    }
  }

  /** The reconciler saw this incarnation: it needs no further signal. */
  void reconciled(SegmentationTrainingJob job) {
    if (!pending.isEmpty()) {
      pending.computeIfPresent(ResourceID.fromResource(job),
          (key, recreated) -> Objects.equals(recreated.uid(), job.getMetadata().getUid()) ? null : recreated);
    }
  }

  /** Signals each pending re-creation again; forgets deletions and re-creations older than {@link #PATIENCE}. */
  void tick() {
    Instant cutoff = clock.instant().minus(PATIENCE);
    deleted.values().removeIf(at -> at.isBefore(cutoff));
    pending.entrySet().removeIf(entry -> {
      if (entry.getValue().created().isBefore(cutoff)) {
        log.warn("{}: re-created job {} was signalled for {} without being reconciled; giving up", entry.getKey(),
            entry.getValue().uid(), PATIENCE);
        return true;
      }
      return false;
    });
    if (getEventHandler() != null) {
      pending.forEach((id, recreated) -> getEventHandler().handleEvent(new ResourceEvent(ResourceAction.UPDATED, id, recreated.job())));
    }
  }

  @Override
  public synchronized void start() {
    super.start();
    timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "job-recreation-signal");
      thread.setDaemon(true);
      return thread;
    });
    timer.scheduleWithFixedDelay(this::tickSafely, PERIOD.toMillis(), PERIOD.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void tickSafely() {
    try {
      tick();
    } catch (RuntimeException e) {
      log.warn("signalling re-created jobs failed; trying again", e);
    }
  }

  @Override
  public synchronized void stop() {
    super.stop();
    if (timer != null) {
      timer.shutdownNow();
      timer = null;
    }
  }

  @Override
  public Status getStatus() {
    return Status.HEALTHY;
  }

  @Override
  public Set<Recreated> getSecondaryResources(SegmentationTrainingJob primary) {
    return Set.of();
  }
}
