package dev.segtpu.sandbox.nodepool;

import dev.segtpu.api.Provisioning;
import dev.segtpu.api.TpuGeneration;
import java.time.Duration;

/**
 * A simulated GKE TPU node pool: {@code slices} slices of one generation and topology, bought with one
 * provisioning mode. Parsed from the CLI form {@code v5e:2x4:spot} or {@code v5e:4x4:on-demand:2}; a
 * flex-start pool may end with how long its capacity runs ({@code v5e:1x1:flex-start:1:40s}; a job's own
 * maxRunDurationSeconds is kept if it is shorter), see {@link FlexStartCapacity}.
 *
 * @param maxRun flex-start only: the longest a provisioned slice runs before it is taken back (null: as the pod asks, else 7 days)
 */
public record NodePoolSpec(TpuGeneration generation, String topology, Provisioning provisioning, int slices, Duration maxRun) {

  public NodePoolSpec(TpuGeneration generation, String topology, Provisioning provisioning, int slices) {
    this(generation, topology, provisioning, slices, null);
  }

  public static NodePoolSpec parse(String text) {
    String[] parts = text.split(":");
    boolean flexStart = parts.length >= 3 && parts[2].equals(Provisioning.FLEX_START.value());
    if (parts.length < 3 || parts.length > (flexStart ? 5 : 4)) {
      throw new IllegalArgumentException("node pool '" + text + "' must look like GENERATION:TOPOLOGY:PROVISIONING[:SLICES],"
          + " e.g. v5e:2x4:spot or v5p:2x2x2:on-demand:2 (flex-start pools may add :MAX_RUN, e.g. v5e:1x1:flex-start:1:40s)");
    }
    Duration maxRun = null;
    if (parts.length == 5) {
      java.util.regex.Matcher run = java.util.regex.Pattern.compile("^(\\d{1,7})(s|m|h)$").matcher(parts[4]);
      if (!run.matches()) {
        throw new IllegalArgumentException("node pool '" + text + "': MAX_RUN must look like 40s, 10m or 2h");
      }
      long amount = Long.parseLong(run.group(1));
      maxRun = run.group(2).equals("s") ? Duration.ofSeconds(amount)
          : run.group(2).equals("m") ? Duration.ofMinutes(amount) : Duration.ofHours(amount);
    }
    String slicesText = parts.length == 4 ? parts[3] : "1";
    int slices = slicesText.matches("\\d{1,4}") ? Integer.parseInt(slicesText) : 0;
    if (slices < 1) {
      throw new IllegalArgumentException("node pool '" + text + "': SLICES must be a whole number of at least 1");
    }
    try {
      return new NodePoolSpec(TpuGeneration.fromValue(parts[0]), parts[1], Provisioning.fromValue(parts[2]), slices, maxRun);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("node pool '" + text + "': " + e.getMessage());
    }
  }

  /** GKE-style node pool name, e.g. tpu-v5e-2x4-spot. */
  public String name() {
    return "tpu-" + generation.value() + "-" + topology + "-" + provisioning.value();
  }
}
