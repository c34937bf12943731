package dev.segtpu.api.validation;

import dev.segtpu.api.SegmentationTrainingJobSpec;
import dev.segtpu.tpu.TpuCatalog;
import java.util.List;

/**
 * Validates a {@link SegmentationTrainingJobSpec}: every rule of the CRD schema (OpenAPI + CEL) again, so
 * a cluster that skips schema validation still gets a clear error, plus what CEL cannot express (the
 * catalog's topologies, batch split over hosts, reserved env names). Each error names the field and
 * the fix.
 */
public final class SpecValidator {

  private final TpuCatalog catalog;
  private final List<SpecRule> rules;

  /** Host paths anywhere: for manifests checked before the sandbox runs them, and for tests. */
  public SpecValidator(TpuCatalog catalog) {
    this(catalog, HostPathPolicy.ANY);
  }

  /** The operator's validator: host paths only where its settings allow them. */
  public SpecValidator(TpuCatalog catalog, HostPathPolicy hostPaths) {
    this.catalog = catalog;
    this.rules = List.of(
        new DeclaredBounds(), new ModelRules(), new DatasetRules(), new TrainingRules(), new TpuRules(),
        new CheckpointRules(), new PolicyRules(), new TrainerRules(), new HostPathRule(hostPaths));
  }

  public List<FieldError> validate(SegmentationTrainingJobSpec spec) {
    FieldErrors errors = new FieldErrors();
    if (!errors.required("spec", spec, "see examples/ for a complete manifest")) {
      return errors.toList();
    }
    errors.required("spec.model", spec.model, "set architecture (deeplabv3plus or maskrcnn)");
    errors.required("spec.dataset", spec.dataset, "set format and, unless synthetic, source and trainFilePattern");
    errors.required("spec.training", spec.training, "set steps (or epochs) and batchSize");
    errors.required("spec.tpu", spec.tpu, "set generation, topology and provisioning");
    errors.required("spec.checkpoint", spec.checkpoint, "set checkpoint.storage so a preempted job can resume");
    for (SpecRule rule : rules) {
      rule.check(spec, catalog, errors);
    }
    return errors.toList();
  }
}
