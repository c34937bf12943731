package dev.segtpu.operator.reconcile.act;

import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.operator.status.JobEvent;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records Kubernetes Events (core/v1) on the job, off the reconciliation thread and in order. An event
 * that cannot be written is logged and dropped: events inform, they never block the lifecycle.
 */
public class EventRecorder implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EventRecorder.class);
  static final String COMPONENT = "segtpu-operator";

  private final KubernetesClient client;
  private final Clock clock;
  private final String instance;
  private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
    Thread thread = new Thread(r, "segtpu-events");
    thread.setDaemon(true);
    return thread;
  });
  private final AtomicLong sequence = new AtomicLong();

  public EventRecorder(KubernetesClient client, Clock clock, String instance) {
    this.client = client;
    this.clock = clock;
    this.instance = instance;
  }

  public void record(SegmentationTrainingJob job, List<JobEvent> events) {
    for (JobEvent event : events) {
      Event object = build(job, event, clock.instant());
      executor.execute(() -> {
        try {
          client.v1().events().inNamespace(job.getMetadata().getNamespace()).resource(object).create();
        } catch (RuntimeException e) {
          log.warn("cannot record event {} on {}: {}", event.reason(), job.getMetadata().getName(), e.getMessage());
        }
      });
      log.info("{}/{}: {} {}: {}", job.getMetadata().getNamespace(), job.getMetadata().getName(), event.type(),
          event.reason(), event.message());
    }
  }

  Event build(SegmentationTrainingJob job, JobEvent event, Instant now) {
    String name = job.getMetadata().getName() + "." + Long.toHexString(now.toEpochMilli()) + Long.toHexString(sequence.incrementAndGet());
    return new EventBuilder()
        .withNewMetadata().withName(name).withNamespace(job.getMetadata().getNamespace()).endMetadata()
        .withNewInvolvedObject()
          .withApiVersion(job.getApiVersion()).withKind(job.getKind())
          .withName(job.getMetadata().getName()).withNamespace(job.getMetadata().getNamespace())
          .withUid(job.getMetadata().getUid()).withResourceVersion(job.getMetadata().getResourceVersion())
        .endInvolvedObject()
        .withType(event.type())
        .withReason(event.reason())
        .withMessage(event.message().length() > 1024 ? event.message().substring(0, 1021) + "..." : event.message())
        .withFirstTimestamp(now.toString())
        .withLastTimestamp(now.toString())
        .withCount(1)
        .withNewSource().withComponent(COMPONENT).endSource()
        .withReportingComponent(COMPONENT)
        .withReportingInstance(instance)
        .build();
  }

  /** Waits (briefly) for queued events to be written; for tests and shutdown. */
  public void flush() {
    try {
      executor.submit(() -> { }).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.debug("event flush: {}", e.getMessage());
    }
  }

  @Override
  public void close() {
    executor.shutdown();
  }
}
