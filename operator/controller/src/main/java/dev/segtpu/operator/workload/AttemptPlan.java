package dev.segtpu.operator.workload;

import dev.segtpu.api.Provisioning;
import dev.segtpu.api.SegmentationTrainingJob;
import dev.segtpu.api.SegmentationTrainingJobSpec;
import dev.segtpu.tpu.SliceShape;
import dev.segtpu.tpu.TpuSlices;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything needed to build the worker pods of one attempt.
 *
 * @param job the job (name, namespace, uid for owner references)
 * @param spec the effective spec: immutable sections as accepted at the first start, mutable ones current
 * @param slice one TPU slice from the catalog; the job runs on {@code spec.tpu.slices} of them ({@link #slices()})
 * @param attempt attempt number from 1; the fencing token the trainer receives
 * @param provisioning provisioning mode of this attempt (on-demand after a Spot fallback)
 * @param checkpointInterval what {@code SEGTPU_CHECKPOINT_INTERVAL} receives ({@code <N>s} or {@code <N>steps})
 * @param kueueQueue the Kueue queue the attempt's pods wait in as one pod group, if any
 */
public record AttemptPlan(
    SegmentationTrainingJob job,
    SegmentationTrainingJobSpec spec,
    SliceShape slice,
    int attempt,
    Provisioning provisioning,
    String checkpointInterval,
    Optional<String> kueueQueue) {

  /** An attempt outside Kueue. */
  public AttemptPlan(SegmentationTrainingJob job, SegmentationTrainingJobSpec spec, SliceShape slice, int attempt,
                     Provisioning provisioning, String checkpointInterval) {
    this(job, spec, slice, attempt, provisioning, checkpointInterval, Optional.empty());
  }

  public AttemptPlan {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(slice, "slice");
    Objects.requireNonNull(provisioning, "provisioning");
    Objects.requireNonNull(checkpointInterval, "checkpointInterval");
    Objects.requireNonNull(kueueQueue, "kueueQueue");
    if (attempt < 1) {
      throw new IllegalArgumentException("attempts count from 1, got " + attempt);
    }
  }

  /** Every slice of the attempt: the effective spec's {@code tpu.slices} of {@link #slice()}. */
  public TpuSlices slices() {
    return new TpuSlices(slice, spec.tpu.slicesOrDefault());
  }

  public String jobName() {
    return job.getMetadata().getName();
  }

  public String namespace() {
    return job.getMetadata().getNamespace();
  }
}
