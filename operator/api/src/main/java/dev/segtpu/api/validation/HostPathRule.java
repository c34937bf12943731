package dev.segtpu.api.validation;

import dev.segtpu.api.SegmentationTrainingJobSpec;
import dev.segtpu.api.StorageSource;
import dev.segtpu.tpu.TpuCatalog;

/** hostPath storage only where the operator's {@link HostPathPolicy} allows it. */
final class HostPathRule implements SpecRule {

  /** The operator setting that lists the allowed prefixes, named in every refusal. */
  static final String SETTING = "--allowed-host-path-prefixes";

  private final HostPathPolicy policy;

  HostPathRule(HostPathPolicy policy) {
    this.policy = policy;
  }

  @Override
  public void check(SegmentationTrainingJobSpec spec, TpuCatalog catalog, FieldErrors errors) {
    if (spec.dataset != null) {
      check("spec.dataset.source.hostPath.path", spec.dataset.source, errors);
    }
    if (spec.checkpoint != null) {
      check("spec.checkpoint.storage.hostPath.path", spec.checkpoint.storage, errors);
    }
  }

  private void check(String field, StorageSource source, FieldErrors errors) {
    if (source == null || source.hostPath == null || source.hostPath.path == null || policy.allows(source.hostPath.path)) {
      return;
    }
    String why = "a hostPath volume gives the job's image the node's files; use gcs or pvc storage";
    errors.add(field, policy.allowedPrefixes().isEmpty()
        ? "host paths are not allowed by this operator (its setting " + SETTING + " is empty): " + why
        : "'" + FieldErrors.printable(source.hostPath.path) + "' is not under a prefix this operator allows ("
            + String.join(", ", policy.allowedPrefixes()) + ", setting " + SETTING + "): " + why + ", or a path under one of them");
  }
}
