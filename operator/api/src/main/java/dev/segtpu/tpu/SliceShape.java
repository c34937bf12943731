package dev.segtpu.tpu;

import dev.segtpu.api.TpuGeneration;

/**
 * One schedulable TPU slice: what the operator needs to place its workers.
 *
 * @param acceleratorLabel value of the node label {@code cloud.google.com/gke-tpu-accelerator}
 * @param chipsPerHost the {@code google.com/tpu} request of each worker pod
 * @param hosts number of worker pods (one per TPU VM host)
 */
public record SliceShape(
    TpuGeneration generation,
    Topology topology,
    String acceleratorLabel,
    String machineType,
    int chipsPerHost,
    int hosts,
    boolean schedulable) {

  public int chips() {
    return topology.chips();
  }

  public boolean multiHost() {
    return hosts > 1;
  }

  /** The Cloud TPU name people use, e.g. v3-8 for a 2x2 v3 (8 TensorCores) or v5e-8 (v5litepod-8). */
  public String displayName() {
    int coresPerChip = switch (generation) {
      case V2, V3, V4, V5P -> 2;
      default -> 1;
    };
    return generation.value() + "-" + chips() * coresPerChip;
  }
}
