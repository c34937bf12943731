package dev.segtpu.trainer.train;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Which activations the backward pass recomputes ({@code SEGTPU_RECOMPUTE}): every segment's ({@code true}),
 * none ({@code false}), or {@code auto} (the default): none when they all fit {@link #BUDGET_BYTES}, and
 * otherwise all but those of the segments that spare the most recomputation within it.
 *
 * <p>Why auto: recomputation buys memory with time, and only large crops need the memory. MobileNetV2
 * 513² b4 trains in ~1.4 GiB recomputing everything and ~3.9 GiB keeping everything; at the sandbox's
 * 64² b8 keeping costs a few tens of MiB and makes steps about a quarter faster; at the reference crops, keeping
 * the deep blocks, the ASPP and part of the decoder (small maps, many FLOPs) and recomputing the early
 * blocks (large maps, few FLOPs) gets most of the speed for a fraction of the memory (TrainingBenchmark,
 * trainer-image/README.md).
 */
public enum RecomputePolicy {
  AUTO("auto"), ALWAYS("true"), NEVER("false");

  private final String flag;

  RecomputePolicy(String flag) {
    this.flag = flag;
  }

  /**
   * Kept activations may use at most this much: MobileNetV2 at the reference's 513² b4 (4.6 GiB of
   * forward outputs) recomputes most segments and trains within 2 GiB; the sandbox's and tests' small
   * crops (146 MiB at 64² b8) keep everything. A fixed budget rather than a share of the node's memory, so that the choice
   * depends on the job alone: every attempt of a job makes the same one, and a resumed run stays exact
   * (the two forms agree to rounding, not bit for bit).
   */
  public static final long BUDGET_BYTES = 1L << 30;

  /** "auto", "true" or "false" only: a typo is an error, not a silent "false". */
  public static RecomputePolicy parse(String text) {
    for (RecomputePolicy policy : values()) {
      if (policy.flag.equals(text)) {
        return policy;
      }
    }
    throw new IllegalArgumentException();
  }

  /** The setting's value as written: auto, true or false. */
  public String flag() {
    return flag;
  }

  /** What the policy chose for one model and shape, and on what grounds (for the log). */
  public record Choice(Recomputation recomputation, String reason) {}

  /**
   * @param footprint the training tower's activations and its segments' costs ({@link ActivationFootprint});
   *     only asked for under {@link #AUTO}
   */
  public Choice choose(Supplier<ActivationFootprint> footprint) {
    return switch (this) {
      case ALWAYS -> new Choice(Recomputation.ALL, "recomputed (SEGTPU_RECOMPUTE=true)");
      case NEVER -> new Choice(Recomputation.NONE, "kept (SEGTPU_RECOMPUTE=false)");
      case AUTO -> withinBudget(footprint.get());
    };
  }

  /**
   * Keeps everything if it fits the budget; otherwise keeps the activations of the segments that spare
   * the most recomputed FLOPs within what the budget leaves once every segment recomputes (a 0/1
   * knapsack in whole MiB), and recomputes the rest. Recomputing a deep block (small maps, many channels)
   * repeats many FLOPs to spare few bytes; recomputing an early one (large maps, few channels) the opposite.
   */
  private static Choice withinBudget(ActivationFootprint footprint) {
    long total = footprint.totalBytes();
    List<ActivationFootprint.SegmentCost> segments = footprint.segments();
    if (total <= BUDGET_BYTES) {
      return new Choice(Recomputation.NONE, String.format("kept (SEGTPU_RECOMPUTE=auto: %d MiB of forward outputs fit the %d MiB budget)",
          total >> 20, BUDGET_BYTES >> 20));
    }
    if (segments.isEmpty()) {
      return new Choice(Recomputation.NONE, String.format(
          "kept (SEGTPU_RECOMPUTE=auto: %d MiB of forward outputs exceed the %d MiB budget, but the model has no segments to recompute)",
          total >> 20, BUDGET_BYTES >> 20));
    }
    long alwaysKept = footprint.keptBytes(Recomputation.ALL);
    Set<Integer> kept = mostFlopsWithin(segments, Math.max(0, (BUDGET_BYTES - alwaysKept) >> 20));
    Set<Integer> recomputed = new TreeSet<>();
    long keptBytes = alwaysKept;
    for (int i = 0; i < segments.size(); i++) {
      if (kept.contains(i)) {
        keptBytes += segments.get(i).interiorBytes();
      } else {
        recomputed.add(i);
      }
    }
    Recomputation recomputation = kept.isEmpty() ? Recomputation.ALL : Recomputation.of(recomputed);
    return new Choice(recomputation, String.format(
        "recomputed in %d of %d segments (SEGTPU_RECOMPUTE=auto: %d MiB of forward outputs exceed the %d MiB budget; %d MiB kept)",
        recomputed.size(), segments.size(), total >> 20, BUDGET_BYTES >> 20, keptBytes >> 20));
  }

  /** The segments whose forward FLOPs add up to the most while their interiors fit {@code capacityMiB}. */
  static Set<Integer> mostFlopsWithin(List<ActivationFootprint.SegmentCost> segments, long capacityMiB) {
    int capacity = (int) Math.min(capacityMiB, Integer.MAX_VALUE - 1);
    int n = segments.size();
    long[] best = new long[capacity + 1];
    boolean[][] taken = new boolean[n][capacity + 1];
    for (int i = 0; i < n; i++) {
      long weight = wholeMiB(segments.get(i).interiorBytes());
      long flops = segments.get(i).forwardFlops();
      for (int c = capacity; c >= weight; c--) {
        if (best[c - (int) weight] + flops > best[c]) {
          best[c] = best[c - (int) weight] + flops;
          taken[i][c] = true;
        }
      }
    }
    Set<Integer> chosen = new TreeSet<>();
    int c = capacity;
    for (int i = n - 1; i >= 0; i--) {
      if (taken[i][c]) {
        chosen.add(i);
        c -= (int) wholeMiB(segments.get(i).interiorBytes());
      }
    }
    return chosen;
  }

  /** Bytes in MiB, rounded up, so that what the knapsack fits never exceeds the budget. */
  private static long wholeMiB(long bytes) {
    return (bytes + (1L << 20) - 1) >> 20;
  }
}
