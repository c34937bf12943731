package dev.segtpu.api.validation;

import dev.segtpu.api.Provisioning;
import dev.segtpu.api.SegmentationTrainingJobSpec;
import dev.segtpu.api.TpuSpec;
import dev.segtpu.tpu.Topology;
import dev.segtpu.tpu.TpuCatalog;

final class TpuRules implements SpecRule {

  @Override
  public void check(SegmentationTrainingJobSpec spec, TpuCatalog catalog, FieldErrors errors) {
    TpuSpec tpu = spec.tpu;
    if (tpu == null) {
      return;
    }
    boolean hasGeneration = errors.required("spec.tpu.generation", tpu.generation, "use v4, v5e, v5p, v6e or tpu7x");
    boolean hasTopology = errors.required("spec.tpu.topology", tpu.topology, "give the slice shape, e.g. 2x4");
    errors.required("spec.tpu.provisioning", tpu.provisioning, "use on-demand, spot, preemptible or reservation");
    if (tpu.provisioning == Provisioning.RESERVATION && (tpu.reservationName == null || tpu.reservationName.isBlank())) {
      errors.add("spec.tpu.reservationName", "is required with provisioning: reservation; name the Compute Engine reservation");
    }
    if (tpu.provisioning != null && tpu.provisioning != Provisioning.RESERVATION && tpu.reservationName != null) {
      errors.add("spec.tpu.reservationName", "applies only to provisioning: reservation; remove it or change the provisioning");
    }
    if (hasGeneration && hasTopology) {
      checkTopology(tpu, catalog, errors);
    }
  }

  private static void checkTopology(TpuSpec tpu, TpuCatalog catalog, FieldErrors errors) {
    String generation = tpu.generation.value();
    if (!Topology.isWellFormed(tpu.topology)) {
      errors.add("spec.tpu.topology", "'" + tpu.topology + "' is not a slice shape; write AxB (e.g. 2x4) or AxBxC (e.g. 2x2x2)");
      return;
    }
    int dimensions = catalog.topologyDimensions(tpu.generation);
    if (Topology.parse(tpu.topology).rank() != dimensions) {
      errors.add("spec.tpu.topology", generation + " takes a " + dimensions + "-D topology, got " + tpu.topology
          + "; valid: " + catalog.topologies(tpu.generation));
      return;
    }
    if (catalog.slice(tpu.generation, tpu.topology).isEmpty()) {
      errors.add("spec.tpu.topology", tpu.topology + " is not offered for TPU " + generation + "; valid: "
          + catalog.topologies(tpu.generation));
    }
    if (tpu.slicesOrDefault() > 1 && !catalog.multislice(tpu.generation)) {
      errors.add("spec.tpu.slices", generation + " does not support Multislice on GKE, so a job of " + tpu.slices
          + " slices cannot run; use slices: 1 (or leave it out), or a generation that supports it: "
          + String.join(", ", catalog.multisliceGenerations()));
    }
    if (!catalog.schedulable(tpu.generation)) {
      errors.add("spec.tpu.generation", generation + " is not schedulable on current GKE (" + catalog.note(tpu.generation)
          + "); use v4, v5e, v5p, v6e or tpu7x");
    }
  }
}
