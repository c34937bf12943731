package dev.segtpu.sandbox.nodepool;

import dev.segtpu.api.Provisioning;
import dev.segtpu.api.TpuGeneration;

/**
 * A simulated GKE TPU node pool: {@code slices} slices of one generation and topology, bought with one
 * provisioning mode. Parsed from the CLI form {@code v5e:2x4:spot} or {@code v5e:4x4:on-demand:2}.
 */
public record NodePoolSpec(TpuGeneration generation, String topology, Provisioning provisioning, int slices) {

  public static NodePoolSpec parse(String text) {
    String[] parts = text.split(":");
    if (parts.length < 3 || parts.length > 4) {
      throw new IllegalArgumentException("node pool '" + text + "' must look like GENERATION:TOPOLOGY:PROVISIONING[:SLICES],"
          + " e.g. v5e:2x4:spot or v5p:2x2x2:on-demand:2");
    }
    String slicesText = parts.length == 4 ? parts[3] : "1";
    int slices = slicesText.matches("\\d{1,4}") ? Integer.parseInt(slicesText) : 0;
    if (slices < 1) {
      throw new IllegalArgumentException("node pool '" + text + "': SLICES must be a whole number of at least 1");
    }
    try {
      return new NodePoolSpec(TpuGeneration.fromValue(parts[0]), parts[1], Provisioning.fromValue(parts[2]), slices);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("node pool '" + text + "': " + e.getMessage());
    }
  }

  /** GKE-style node pool name, e.g. tpu-v5e-2x4-spot. */
  public String name() {
    return "tpu-" + generation.value() + "-" + topology + "-" + provisioning.value();
  }
}
