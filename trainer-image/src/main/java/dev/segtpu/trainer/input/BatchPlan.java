package dev.segtpu.trainer.input;

/** The sequence of batches a source yields, numbered from 0 at the moment the source was opened. */
interface BatchPlan {

  PlannedBatch batch(long number);
}
