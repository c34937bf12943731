package dev.segtpu.api.validation;

import dev.segtpu.api.CheckpointSpec;
import dev.segtpu.api.SegmentationTrainingJobSpec;
import dev.segtpu.tpu.TpuCatalog;
import java.util.regex.Pattern;

final class CheckpointRules implements SpecRule {

  /** Same pattern as the CRD schema. */
  private static final Pattern INTERVAL = Pattern.compile("^(auto|[1-9][0-9]*(s|m|h)|[1-9][0-9]*steps)$");

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
    if (checkpoint.interval != null && !INTERVAL.matcher(checkpoint.interval).matches()) {
      errors.add("spec.checkpoint.interval", "'" + checkpoint.interval
          + "' is not an interval; use auto, a duration such as 10m / 600s / 1h, or a step count such as 2000steps");
    }
  }
}
