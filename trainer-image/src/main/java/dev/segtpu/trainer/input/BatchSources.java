package dev.segtpu.trainer.input;

import dev.segtpu.trainer.input.augment.EvaluationCrop;
import dev.segtpu.trainer.input.augment.ExampleAugmentation;
import dev.segtpu.trainer.input.augment.TrainingAugmentation;
import dev.segtpu.trainer.input.synthetic.RenderedDataset;
import dev.segtpu.trainer.input.synthetic.SyntheticScenes;
import dev.segtpu.trainer.input.voc.VocTfRecordDataset;

/** Opens the batch sources the trainer consumes. */
public final class BatchSources {

  /** Synthetic evaluation scenes come from their own stream so they are not copies of training scenes. */
  static final long SYNTHETIC_EVALUATION_STREAM = 0x6576616cL; // "eval"

  /** Input work runs beside TensorFlow's own threads: take at most half the cores. */
  private static final int WORKERS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors() / 2));
  private static final int PREFETCH_BATCHES = WORKERS + 2;

  private BatchSources() {}

  /**
   * Augmented, shuffled, endless training batches starting at example {@code position} of epoch
   * {@code epoch}: the same batches an uninterrupted run yields from there. Pass the position a
   * checkpoint recorded ({@link DataPosition#after}) to resume.
   */
  public static BatchSource training(InputSpec spec, long epoch, long position) {
    return training(spec, epoch, position, Shard.WHOLE);
  }

  /**
   * As {@link #training(InputSpec, long, long)}, this worker's share of each global batch
   * ({@code spec.batchSize()} examples of {@code spec.batchSize() × shard.count()}).
   */
  public static BatchSource training(InputSpec spec, long epoch, long position, Shard shard) {
    Dataset<SegmentationExample> dataset = open(spec, spec.seed());
    try {
      BatchPlan plan = new TrainingPlan(spec.seed(), dataset.size(), spec.batchSize(),
          new DataPosition(epoch, position), shard);
      return prefetching(spec, dataset, plan, new TrainingAugmentation());
    } catch (RuntimeException e) {
      dataset.close();
      throw e;
    }
  }

  /**
   * The evaluation set in order, centre-cropped, no augmentation. One pass (one epoch) is
   * ceil(examples / batch size) batches; the last is padded with all-ignore slots.
   */
  public static BatchSource evaluation(InputSpec spec) {
    Dataset<SegmentationExample> dataset = open(spec, SeedMix.of(spec.seed(), SYNTHETIC_EVALUATION_STREAM));
    BatchPlan plan = new EvaluationPlan(dataset.size(), spec.batchSize());
    return prefetching(spec, dataset, plan, new EvaluationCrop());
  }

  /** Batches in one evaluation pass over {@code source}'s examples. */
  public static long evaluationBatches(BatchSource source, int batchSize) {
    return (source.examplesPerEpoch() + batchSize - 1) / batchSize;
  }

  /** The dataset the spec names, opened and indexed. */
  private static Dataset<SegmentationExample> open(InputSpec spec, long syntheticSeed) {
    return switch (spec.format()) {
      case VOC_TFRECORD -> VocTfRecordDataset.open(spec.dataDir(), spec.filePattern(), spec.numClasses());
      case COCO_TFRECORD -> throw new IllegalArgumentException("coco-tfrecord holds instances, not segmentation labels: "
          + "it is read by InstanceSources for Mask R-CNN");
      case SYNTHETIC -> new RenderedDataset<>(new SyntheticScenes(syntheticSeed, spec.numClasses())::render,
          spec.syntheticExamples(), spec.syntheticImageSize());
    };
  }

  private static BatchSource prefetching(InputSpec spec, Dataset<SegmentationExample> dataset, BatchPlan plan,
                                         ExampleAugmentation augmentation) {
    BatchAssembler assembler = new BatchAssembler(dataset, augmentation, spec.seed(), spec.cropSize());
    return new PrefetchingBatchSource(plan, assembler, dataset, WORKERS, PREFETCH_BATCHES);
  }
}
