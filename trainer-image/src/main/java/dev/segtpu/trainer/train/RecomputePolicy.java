package dev.segtpu.trainer.train;

import java.util.function.LongSupplier;

/**
 * Whether the backward pass recomputes activations ({@code SEGTPU_RECOMPUTE}): {@code true}, {@code false},
 * or {@code auto} (the default), which keeps them when they fit {@link #BUDGET_BYTES} and recomputes them
 * otherwise.
 *
 * <p>Why auto: recomputation buys memory with time, and only large crops need the memory. MobileNetV2
 * 513² b4 trains in ~1.4 GiB recomputing and ~3.9 GiB keeping; at the sandbox's 64² b8 keeping costs
 * ~20–30 MiB more and steps are ~25–30 % faster (TrainingBenchmark, trainer-image/README.md).
 */
public enum RecomputePolicy {
  AUTO("auto"), ALWAYS("true"), NEVER("false");

  private final String flag;

  RecomputePolicy(String flag) {
    this.flag = flag;
  }

  /**
   * Kept activations may use at most this much: MobileNetV2 at the reference's 513² b4 (4.6 GiB of
   * forward outputs) recomputes and trains within 2 GiB; the sandbox's and tests' small crops (146 MiB
   * at 64² b8) keep theirs. A fixed budget rather than a share of the node's memory, so that the choice
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
  public record Choice(boolean recompute, String reason) {}

  /**
   * @param forwardOutputBytes the bytes of the training tower's forward outputs without recomputation
   *     ({@link ActivationFootprint}); only asked for under {@link #AUTO}
   */
  public Choice choose(LongSupplier forwardOutputBytes) {
    return switch (this) {
      case ALWAYS -> new Choice(true, "recomputed (SEGTPU_RECOMPUTE=true)");
      case NEVER -> new Choice(false, "kept (SEGTPU_RECOMPUTE=false)");
      case AUTO -> {
        long bytes = forwardOutputBytes.getAsLong();
        boolean recompute = bytes > BUDGET_BYTES;
        yield new Choice(recompute, String.format("%s (SEGTPU_RECOMPUTE=auto: %d MiB of forward outputs %s the %d MiB budget)",
            recompute ? "recomputed" : "kept", bytes >> 20, recompute ? "exceed" : "fit", BUDGET_BYTES >> 20));
      }
    };
  }
}
