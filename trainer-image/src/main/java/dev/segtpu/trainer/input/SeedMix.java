package dev.segtpu.trainer.input;

/**
 * Derives independent 64-bit seeds from a tuple such as (seed, epoch, example index), so every random
 * choice in the pipeline depends only on where it is made, not on thread timing or what ran before.
 */
public final class SeedMix {

  private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

  private SeedMix() {}

  public static long of(long... parts) {
    long h = 0x5bd1e9955bd1e995L;
    for (long part : parts) {
      h = finish(h ^ finish(part + GOLDEN_GAMMA));
    }
    return h;
  }

  /** SplitMix64's output function: a bijection with good avalanche. */
  private static long finish(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
