package dev.segtpu.operator.metrics;

import dev.segtpu.api.SegmentationTrainingJob;
import io.micrometer.core.instrument.Tags;

/**
 * The labels every per-job series carries. {@code provisioning} is the current attempt's mode, so a
 * fallback from Spot to on-demand starts new series (and removes the old ones).
 *
 * <p>{@code job} collides with Prometheus' scrape-job target label: scrape the operator with
 * {@code honor_labels: true} (the Helm chart's ServiceMonitor does) so the training job's name wins.
 */
public record JobLabels(String namespace, String job, String model, String generation, String topology,
                        String provisioning) {

  public static JobLabels of(SegmentationTrainingJob job) {
    var spec = job.getSpec();
    var status = job.getStatus();
    var provisioning = status != null && status.provisioning != null ? status.provisioning : spec.tpu.provisioning;
    return new JobLabels(job.getMetadata().getNamespace(), job.getMetadata().getName(),
        spec.model.architecture.value(), spec.tpu.generation.value(), spec.tpu.topology, provisioning.value());
  }

  Tags tags() {
    return Tags.of("namespace", namespace, "job", job, "model", model, "generation", generation,
        "topology", topology, "provisioning", provisioning);
  }

  /** The same labels with {@code provisioning} naming the capacity a figure is about (chip-seconds and spend by mode). */
  Tags tagsFor(String billedProvisioning) {
    return tags().and("provisioning", billedProvisioning);
  }
}
