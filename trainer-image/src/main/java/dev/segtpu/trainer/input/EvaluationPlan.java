package dev.segtpu.trainer.input;

/**
 * Evaluation order: the dataset in index order, one pass per epoch. The last batch of a pass is filled
 * up with padding slots (labels all ignore) so shapes stay fixed and no example counts twice.
 */
final class EvaluationPlan implements BatchPlan {

  private final int datasetSize;
  private final int batchSize;
  private final long batchesPerPass;

  EvaluationPlan(int datasetSize, int batchSize) {
    this.datasetSize = datasetSize;
    this.batchSize = batchSize;
    this.batchesPerPass = (datasetSize + batchSize - 1) / batchSize;
  }

  @Override
  public PlannedBatch batch(long number) {
    long pass = number / batchesPerPass;
    long position = (number % batchesPerPass) * batchSize;
    PlannedBatch.PlannedExample[] examples = new PlannedBatch.PlannedExample[batchSize];
    for (int slot = 0; slot < batchSize; slot++) {
      long index = position + slot;
      examples[slot] = new PlannedBatch.PlannedExample(pass,
          index < datasetSize ? (int) index : PlannedBatch.PlannedExample.PADDING);
    }
    return new PlannedBatch(pass, position, examples);
  }
}
