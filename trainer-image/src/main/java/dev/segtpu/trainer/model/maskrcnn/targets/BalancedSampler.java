package dev.segtpu.trainer.model.maskrcnn.targets;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The reference's {@code BalancedPositiveNegativeSampler}: at most {@code floor(batchSize × positiveFraction)}
 * positives drawn at random, then negatives drawn at random to fill the batch, fewer when there are not
 * enough. Draws come from a {@link SplittableRandom} (partial Fisher-Yates) so a seed fixes the sample; the
 * reference's static variant pads a short batch with unusable entries to keep a fixed shape, which host-side
 * code does not need, so a short batch stays short.
 */
record BalancedSampler(int batchSize, double positiveFraction) {

  /** The chosen positions of each kind, ascending. */
  record Sample(int[] positives, int[] negatives) {}

  Sample sample(int[] positives, int[] negatives, SplittableRandom random) {
    int positiveCount = Math.min((int) (batchSize * positiveFraction), positives.length);
    int[] chosenPositives = choose(positives, positiveCount, random);
    int[] chosenNegatives = choose(negatives, Math.min(batchSize - positiveCount, negatives.length), random);
    return new Sample(chosenPositives, chosenNegatives);
  }

  private static int[] choose(int[] candidates, int count, SplittableRandom random) {
    int[] pool = candidates.clone();
    for (int i = 0; i < count; i++) {
      int j = i + random.nextInt(pool.length - i);
      int swap = pool[i];
      pool[i] = pool[j];
      pool[j] = swap;
    }
    int[] chosen = Arrays.copyOf(pool, count);
    Arrays.sort(chosen);
    return chosen;
  }
}
