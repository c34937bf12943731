package dev.segtpu.operator.reconcile;

import dev.segtpu.api.SegmentationTrainingJob;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.config.Cloner;

/**
 * JOSDK's copy of a resource before it reaches the reconciler (a JSON round trip), keeping what the
 * round trip drops: the paths of the spec's unknown fields, which are skipped when a job is read and so
 * are not in its JSON (see {@code TolerantSpecDeserializer}), but are reported in its Valid condition.
 */
public final class JobCloner implements Cloner {

  private final KubernetesSerialization serialization;

  public JobCloner(KubernetesSerialization serialization) {
    this.serialization = serialization;
  }

  @Override
  public <R extends HasMetadata> R clone(R resource) {
    R copy = serialization.clone(resource);
    if (resource instanceof SegmentationTrainingJob job && copy instanceof SegmentationTrainingJob copied
        && job.getSpec() != null && copied.getSpec() != null) {
      copied.getSpec().unknownFields(job.getSpec().unknownFields());
    }
    return copy;
  }
}
