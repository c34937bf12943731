package dev.segtpu.trainer.input;

/**
 * Training order: every epoch is a fresh shuffle and the stream runs on across epoch boundaries (as the
 * reference's shuffle → repeat → batch), so every batch is full. Batch k after opening at a position
 * starts batchSize·k examples later.
 */
final class TrainingPlan implements BatchPlan {

  private final EpochOrder order;
  private final int datasetSize;
  private final int batchSize;
  private final long startExample;

  TrainingPlan(long seed, int datasetSize, int batchSize, DataPosition start) {
    if (start.position() >= datasetSize) {
      throw new IllegalArgumentException("data position " + start.position()
          + " is beyond the epoch's " + datasetSize + " examples");
    }
    this.order = new EpochOrder(seed, datasetSize);
    this.datasetSize = datasetSize;
    this.batchSize = batchSize;
    this.startExample = start.epoch() * datasetSize + start.position();
  }

  @Override
  public PlannedBatch batch(long number) {
    long first = startExample + number * batchSize;
    PlannedBatch.PlannedExample[] examples = new PlannedBatch.PlannedExample[batchSize];
    for (int slot = 0; slot < batchSize; slot++) {
      long epoch = (first + slot) / datasetSize;
      long position = (first + slot) % datasetSize;
      examples[slot] = new PlannedBatch.PlannedExample(epoch, order.exampleAt(epoch, position));
    }
    return new PlannedBatch(first / datasetSize, first % datasetSize, examples);
  }
}
