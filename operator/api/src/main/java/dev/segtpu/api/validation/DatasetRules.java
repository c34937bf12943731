package dev.segtpu.api.validation;

import dev.segtpu.api.Architecture;
import dev.segtpu.api.DatasetFormat;
import dev.segtpu.api.DatasetSpec;
import dev.segtpu.api.SegmentationTrainingJobSpec;
import dev.segtpu.api.StorageSource;
import dev.segtpu.tpu.TpuCatalog;
import java.util.regex.Pattern;

final class DatasetRules implements SpecRule {

  private static final Pattern BUCKET = Pattern.compile("^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$");

  @Override
  public void check(SegmentationTrainingJobSpec spec, TpuCatalog catalog, FieldErrors errors) {
    DatasetSpec dataset = spec.dataset;
    if (dataset == null) {
      return;
    }
    if (!errors.required("spec.dataset.format", dataset.format, "use voc-tfrecord, coco-tfrecord or synthetic")) {
      return;
    }
    if (spec.model != null && spec.model.architecture != null && !fits(spec.model.architecture, dataset.format)) {
      errors.add("spec.dataset.format", dataset.format.value() + " does not fit " + spec.model.architecture.value()
          + ": deeplabv3plus reads voc-tfrecord or synthetic, maskrcnn reads coco-tfrecord or synthetic");
    }
    if (dataset.format != DatasetFormat.SYNTHETIC) {
      errors.required("spec.dataset.trainFilePattern", blankToNull(dataset.trainFilePattern),
          "give a glob of training TFRecords relative to the source, e.g. train-*.tfrecord");
      errors.required("spec.dataset.source", dataset.source, "set exactly one of gcs, pvc or hostPath");
    }
    checkStorage("spec.dataset.source", dataset.source, errors);
  }

  /** Shared with the checkpoint rules: exactly one backend, each well-formed. */
  static void checkStorage(String field, StorageSource source, FieldErrors errors) {
    if (source == null) {
      return;
    }
    int backends = (source.gcs != null ? 1 : 0) + (source.pvc != null ? 1 : 0) + (source.hostPath != null ? 1 : 0);
    if (backends != 1) {
      errors.add(field, "set exactly one of gcs, pvc or hostPath (found " + backends + ")");
    }
    if (source.gcs != null && (source.gcs.bucket == null || !BUCKET.matcher(source.gcs.bucket).matches())) {
      errors.add(field + ".gcs.bucket", "must be a bucket name without gs:// (lowercase letters, digits, . _ -), got '"
          + source.gcs.bucket + "'");
    }
    if (source.pvc != null) {
      errors.required(field + ".pvc.claimName", source.pvc.claimName, "name a PersistentVolumeClaim in the job's namespace");
    }
    if (source.hostPath != null) {
      errors.required(field + ".hostPath.path", source.hostPath.path, "give an absolute path on the node");
    }
  }

  private static boolean fits(Architecture architecture, DatasetFormat format) {
    if (format == DatasetFormat.SYNTHETIC) {
      return true;
    }
    return architecture == Architecture.DEEPLAB_V3_PLUS
        ? format == DatasetFormat.VOC_TFRECORD
        : format == DatasetFormat.COCO_TFRECORD;
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text;
  }
}
