package dev.segtpu.api.validation;

import dev.segtpu.api.CheckpointSpec;
import dev.segtpu.api.SegmentationTrainingJobSpec;
import dev.segtpu.tpu.TpuCatalog;

/**
 * What the schema cannot say about {@code spec.checkpoint}. The interval's form is the schema's pattern
 * ({@link dev.segtpu.api.SpecLimits#CHECKPOINT_INTERVAL}), which {@link DeclaredBounds} checks.
 */
final class CheckpointRules implements SpecRule {

  @Override
  public void check(SegmentationTrainingJobSpec spec, TpuCatalog catalog, FieldErrors errors) {
    CheckpointSpec checkpoint = spec.checkpoint;
    if (checkpoint == null) {
      return;
    }
    if (errors.required("spec.checkpoint.storage", checkpoint.storage, "set exactly one of gcs, pvc or hostPath")) {
      DatasetRules.checkStorage("spec.checkpoint.storage", checkpoint.storage, errors);
    }
    if (checkpoint.resumeFrom != null) {
      errors.required("spec.checkpoint.resumeFrom.jobName", checkpoint.resumeFrom.jobName,
          "name the earlier job (in this namespace) whose checkpoints this job continues from");
    }
  }
}
