package dev.segtpu.operator.progress;

import dev.segtpu.api.SegmentationTrainingJob;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import java.util.Set;

/**
 * Event source that triggers a job's reconciliation when its trainer reported something new, so
 * progress reaches the status without waiting for the next timer.
 */
public final class ProgressSignal extends AbstractEventSource<TrainerReport, SegmentationTrainingJob> {

  public ProgressSignal() {
    super(TrainerReport.class, "trainer-status");
  }

  /** Key as used by the poller: {@code namespace/name}. */
  public static String key(SegmentationTrainingJob job) {
    return job.getMetadata().getNamespace() + "/" + job.getMetadata().getName();
  }

  public void fire(String key) {
    if (!isRunning()) {
      return;
    }
    int slash = key.indexOf('/');
    getEventHandler().handleEvent(new Event(new ResourceID(key.substring(slash + 1), key.substring(0, slash))));
  }

  @Override
  public io.javaoperatorsdk.operator.health.Status getStatus() {
    return io.javaoperatorsdk.operator.health.Status.HEALTHY;
  }

  @Override
  public Set<TrainerReport> getSecondaryResources(SegmentationTrainingJob primary) {
    return Set.of();
  }
}
