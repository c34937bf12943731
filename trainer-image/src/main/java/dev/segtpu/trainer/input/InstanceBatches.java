package dev.segtpu.trainer.input;

import dev.segtpu.trainer.input.augment.InstanceAugmentation;
import dev.segtpu.trainer.input.coco.InstanceExample;

/**
 * Mask R-CNN batches in the same deterministic order as the VOC batches: training follows
 * {@link TrainingPlan} (a fresh shuffle per epoch from {@link EpochOrder}, running on across epochs, worker
 * i of a {@link Shard} taking the i-th contiguous share of every global batch), evaluation
 * {@link EvaluationPlan} (index order, last batch padded). Each example's augmentation draws from
 * randomness seeded by (seed, epoch, example), so batch k after a given data position is the same whether
 * the run started there or resumed there, on however many workers.
 */
public final class InstanceBatches {

  /** The reference's max_num_instances: COCO images hold at most about 90 annotated objects. */
  public static final int DEFAULT_MAX_INSTANCES = 100;

  private final Dataset<InstanceExample> dataset;
  private final BatchPlan plan;
  private final InstanceAugmentation augmentation;
  private final long seed;
  private final int maxInstances;

  private InstanceBatches(Dataset<InstanceExample> dataset, BatchPlan plan, InstanceAugmentation augmentation, long seed,
                          int maxInstances) {
    if (maxInstances < 1) {
      throw new IllegalArgumentException("maxInstances must be positive, got " + maxInstances);
    }
    this.dataset = dataset;
    this.plan = plan;
    this.augmentation = augmentation;
    this.seed = seed;
    this.maxInstances = maxInstances;
  }

  /**
   * Training batches of {@code batchSize} examples (this worker's share of {@code batchSize × shard.count()})
   * starting at {@code start}: pass the position a checkpoint recorded to resume.
   */
  public static InstanceBatches training(Dataset<InstanceExample> dataset, InstanceAugmentation augmentation, long seed,
                                         int batchSize, int maxInstances, DataPosition start, Shard shard) {
    return new InstanceBatches(dataset, new TrainingPlan(seed, dataset.size(), batchSize, start, shard),
        augmentation, seed, maxInstances);
  }

  /** One pass per epoch over the dataset in index order; the last batch is filled up with padding images. */
  public static InstanceBatches evaluation(Dataset<InstanceExample> dataset, InstanceAugmentation augmentation,
                                           int batchSize, int maxInstances) {
    return new InstanceBatches(dataset, new EvaluationPlan(dataset.size(), batchSize), augmentation, 0L,
        maxInstances);
  }

  public long examplesPerEpoch() {
    return dataset.size();
  }

  /** Batch {@code number}, counted from 0 at the position these batches were opened at. */
  public InstanceBatch batch(long number) {
    PlannedBatch planned = plan.batch(number);
    PlannedBatch.PlannedExample[] examples = planned.examples();
    InstanceBatchWriter writer = new InstanceBatchWriter(examples.length, augmentation.size(), maxInstances);
    for (int slot = 0; slot < examples.length; slot++) {
      PlannedBatch.PlannedExample example = examples[slot];
      if (example.isPadding()) {
        writer.writePadding(slot);
      } else {
        writer.write(slot, augmentation.apply(dataset.example(example.index()), example.augmentationRandom(seed)));
      }
    }
    return writer.finish(planned.epoch(), planned.position());
  }
}
