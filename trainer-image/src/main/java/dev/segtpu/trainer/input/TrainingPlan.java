package dev.segtpu.trainer.input;

/**
 * Training order: every epoch is a fresh shuffle and the stream runs on across epoch boundaries (as the
 * reference's shuffle → repeat → batch), so every batch is full. Batch k after opening at a position
 * starts batchSize·k examples later.
 *
 * <p>With several workers ({@link Shard}) the stream is the one a single worker would read with the global
 * batch: step k takes the global batch's examples, and worker i the i-th contiguous share of them. So every
 * worker reads a disjoint, deterministic part of each step, and the data position (the global one, which
 * every worker computes alike) does not depend on how many workers share it.
 */
final class TrainingPlan implements BatchPlan {

  private final EpochOrder order;
  private final int datasetSize;
  private final int batchSize;
  private final Shard shard;
  private final long startExample;

  TrainingPlan(long seed, int datasetSize, int batchSize, DataPosition start) {
    this(seed, datasetSize, batchSize, start, Shard.WHOLE);
  }

  /** @param batchSize this worker's share of the global batch */
  TrainingPlan(long seed, int datasetSize, int batchSize, DataPosition start, Shard shard) {
    if (start.position() >= datasetSize) {
      throw new IllegalArgumentException("data position " + start.position()
          + " is beyond the epoch's " + datasetSize + " examples");
    }
    this.order = new EpochOrder(seed, datasetSize);
    this.datasetSize = datasetSize;
    this.batchSize = batchSize;
    this.shard = shard;
    this.startExample = start.epoch() * datasetSize + start.position();
  }

  @Override
  public PlannedBatch batch(long number) {
    long first = startExample + number * batchSize * shard.count();
    long mine = first + (long) batchSize * shard.index();
    PlannedBatch.PlannedExample[] examples = new PlannedBatch.PlannedExample[batchSize];
    for (int slot = 0; slot < batchSize; slot++) {
      long epoch = (mine + slot) / datasetSize;
      long position = (mine + slot) % datasetSize;
      examples[slot] = new PlannedBatch.PlannedExample(epoch, order.exampleAt(epoch, position));
    }
    return new PlannedBatch(first / datasetSize, first % datasetSize, examples);
  }
}
