package dev.segtpu.operator.progress;

import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.contract.StatusDocument;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import java.util.Set;

/**
 * Event source that triggers a job's reconciliation when its trainer reported something new, so
 * progress reaches the status without waiting for the next timer.
 */
public final class ProgressSignal extends AbstractEventSource<StatusDocument, SegmentationTrainingJob> {

  public ProgressSignal() {
    super(StatusDocument.class, "trainer-status");
  }

  /**
   * Key as used by the poller: {@code namespace/name/uid}. The UID keeps a job deleted and re-created
   * under the same name from being given what the old one's trainer (with the same attempt number) said.
   */
  public static String key(SegmentationTrainingJob job) {
    return job.getMetadata().getNamespace() + "/" + job.getMetadata().getName() + "/" + job.getMetadata().getUid();
  }

  /** The job a key names (any incarnation: the reconciliation reads the current one). */
  static ResourceID resource(String key) {
    int first = key.indexOf('/');
    int second = key.indexOf('/', first + 1);
    return new ResourceID(key.substring(first + 1, second < 0 ? key.length() : second), key.substring(0, first));
  }

  public void fire(String key) {
    if (!isRunning()) {
      return;
    }
    getEventHandler().handleEvent(new Event(resource(key)));
  }

  @Override
  public io.javaoperatorsdk.operator.health.Status getStatus() {
    return io.javaoperatorsdk.operator.health.Status.HEALTHY;
  }

  @Override
  public Set<StatusDocument> getSecondaryResources(SegmentationTrainingJob primary) {
    return Set.of();
  }
}
