package dev.segtpu.operator.metrics;

import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.api.SegmentationTrainingJobSpec;
import dev.segtpu.api.SegmentationTrainingJobStatus;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * Per-job Prometheus series ({@code segtpu_job_*}) for every SegmentationTrainingJob the operator
 * knows: the publish step. The reconciler calls {@link #observe} with the status as written, once the
 * write succeeded (never with a status a conflict kept from the API server), and {@link #remove} when a
 * job is deleted, so series never outlive their job.
 */
public final class JobMetrics {

  private final MeterRegistry registry;
  private final Clock clock;
  private final Map<JobKey, JobSeries> jobs = new HashMap<>();

  public JobMetrics(MeterRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
  }

  /** Publishes the job's current status. A change of labels (provisioning fallback) replaces its series. */
  public synchronized void observe(SegmentationTrainingJob job) {
    JobKey key = JobKey.of(job);
    JobLabels labels = JobLabels.of(job);
    JobSnapshot snapshot = JobSnapshot.of(job);
    JobSeries series = jobs.get(key);
    if (series != null && series.labels().equals(labels)) {
      series.update(snapshot);
      return;
    }
    if (series != null) {
      series.remove();
    }
    jobs.put(key, new JobSeries(registry, clock, labels, snapshot));
  }

  /** Publishes the job with {@code status} (as written) and its effective {@code spec}. */
  public void observe(SegmentationTrainingJob job, SegmentationTrainingJobSpec spec, SegmentationTrainingJobStatus status) {
    SegmentationTrainingJob view = new SegmentationTrainingJob();
    view.setMetadata(job.getMetadata());
    view.setSpec(spec);
    view.setStatus(status);
    observe(view);
  }

  /** Removes every series of the job; a no-op for a job never observed. */
  public synchronized void remove(String namespace, String name) {
    JobSeries series = jobs.remove(new JobKey(namespace, name));
    if (series != null) {
      series.remove();
    }
  }

  public void remove(SegmentationTrainingJob job) {
    remove(job.getMetadata().getNamespace(), job.getMetadata().getName());
  }

  public synchronized int observedJobs() {
    return jobs.size();
  }

  private record JobKey(String namespace, String name) {
    static JobKey of(SegmentationTrainingJob job) {
      return new JobKey(job.getMetadata().getNamespace(), job.getMetadata().getName());
    }
  }
}
