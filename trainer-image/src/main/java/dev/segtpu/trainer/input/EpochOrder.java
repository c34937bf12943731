package dev.segtpu.trainer.input;

import java.util.SplittableRandom;

/**
 * The shuffled example order of each epoch: a permutation that depends only on (seed, epoch), so a
 * resumed run reshuffles exactly as the uninterrupted one did. Keeps the two most recent epochs, which
 * is all a prefetching source near an epoch boundary asks for.
 */
final class EpochOrder {

  private static final long ORDER_STREAM = 0x6f72646572L; // "order"

  private final long seed;
  private final int size;
  private long cachedEpoch = -1;
  private int[] cached;
  private long previousEpoch = -1;
  private int[] previous;

  EpochOrder(long seed, int size) {
    this.seed = seed;
    this.size = size;
  }

  /** Dataset index of the example at {@code position} of {@code epoch}. */
  synchronized int exampleAt(long epoch, long position) {
    if (epoch != cachedEpoch) {
      if (epoch == previousEpoch) {
        int[] swap = cached;
        cached = previous;
        previous = swap;
      } else {
        previous = cached;
        cached = permutation(epoch);
      }
      previousEpoch = cachedEpoch;
      cachedEpoch = epoch;
    }
    return cached[(int) position];
  }

  /** Fisher–Yates shuffle driven by a generator seeded from (seed, epoch). */
  int[] permutation(long epoch) {
    int[] order = new int[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    SplittableRandom random = new SplittableRandom(SeedMix.of(seed, ORDER_STREAM, epoch));
    for (int i = size - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
    return order;
  }
}
