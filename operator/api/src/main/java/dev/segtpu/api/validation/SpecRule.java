package dev.segtpu.api.validation;

import dev.segtpu.api.SegmentationTrainingJobSpec;
import dev.segtpu.tpu.TpuCatalog;

/** Checks one section of the spec. Rules run only on sections that are present. */
interface SpecRule {
  void check(SegmentationTrainingJobSpec spec, TpuCatalog catalog, FieldErrors errors);
}
