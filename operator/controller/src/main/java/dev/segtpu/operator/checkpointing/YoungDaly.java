package dev.segtpu.operator.checkpointing;

/**
 * Optimal checkpoint intervals from the checkpoint cost δ and the mean time between failures M (same
 * unit, any). Young (1974) is the first-order optimum; Daly (2006) adds the higher-order terms and is
 * what the planner uses.
 */
public final class YoungDaly {

  private YoungDaly() {}

  /** τ = sqrt(2δM). */
  public static double young(double checkpointCost, double meanTimeBetweenFailures) {
    requirePositive(checkpointCost, meanTimeBetweenFailures);
    return Math.sqrt(2 * checkpointCost * meanTimeBetweenFailures);
  }

  /** τ = sqrt(2δM)·[1 + ⅓·sqrt(δ/2M) + ⅑·(δ/2M)] − δ for δ < 2M, else M. */
  public static double daly(double checkpointCost, double meanTimeBetweenFailures) {
    requirePositive(checkpointCost, meanTimeBetweenFailures);
    if (checkpointCost >= 2 * meanTimeBetweenFailures) {
      return meanTimeBetweenFailures;
    }
    double x = checkpointCost / (2 * meanTimeBetweenFailures);
    return young(checkpointCost, meanTimeBetweenFailures) * (1 + Math.sqrt(x) / 3 + x / 9) - checkpointCost;
  }

  private static void requirePositive(double checkpointCost, double meanTimeBetweenFailures) {
    if (!(checkpointCost > 0) || !(meanTimeBetweenFailures > 0)) {
      throw new IllegalArgumentException("checkpoint cost and mean time between failures must be > 0, got "
          + checkpointCost + " and " + meanTimeBetweenFailures);
    }
  }
}
