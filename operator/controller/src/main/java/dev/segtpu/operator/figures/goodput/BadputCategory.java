package dev.segtpu.operator.figures.goodput;

import dev.segtpu.contract.TrainerBadput;

/**
 * Where a job's non-productive time goes, after Google's ml-goodput-measurement. The keys are the
 * status map keys and the Prometheus {@code category} label; the trainer reports the five in the
 * middle in its /status {@code badputSeconds}.
 */
public enum BadputCategory {
  /** Gang created (or restart requested) until every worker is on a TPU node. */
  SCHEDULING("scheduling", false),
  STARTUP(TrainerBadput.STARTUP.key(), true),
  CHECKPOINT_RESTORE(TrainerBadput.CHECKPOINT_RESTORE.key(), true),
  CHECKPOINT_SAVE(TrainerBadput.CHECKPOINT_SAVE.key(), true),
  DATA_WAIT(TrainerBadput.DATA_WAIT.key(), true),
  EVALUATION(TrainerBadput.EVALUATION.key(), true),
  /** Steps trained after the last checkpoint by a gang that was lost, and trained again. */
  DISRUPTION("disruption", false),
  /**
   * A hung attempt (spec.failurePolicy.hangDetection): the time its step counter stood still until the
   * operator restarted it, and the steps since its last checkpoint, which the next attempt trains again.
   */
  HUNG("hung", false),
  /** Held time nobody accounted for: image pull, container start, teardown, time after the last status poll. */
  OTHER("other", false);

  private final String key;
  private final boolean reportedByTrainer;

  BadputCategory(String key, boolean reportedByTrainer) {
    this.key = key;
    this.reportedByTrainer = reportedByTrainer;
  }

  public String key() {
    return key;
  }

  public boolean reportedByTrainer() {
    return reportedByTrainer;
  }

  public static BadputCategory fromKey(String key) {
    for (BadputCategory category : values()) {
      if (category.key.equals(key)) {
        return category;
      }
    }
    throw new IllegalArgumentException("unknown badput category '" + key + "'");
  }
}
