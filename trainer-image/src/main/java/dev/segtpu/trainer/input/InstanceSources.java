package dev.segtpu.trainer.input;

import dev.segtpu.trainer.input.augment.InstanceAugmentation;
import dev.segtpu.trainer.input.coco.CocoTfRecordDataset;
import dev.segtpu.trainer.input.coco.InstanceExample;
import dev.segtpu.trainer.input.synthetic.RenderedDataset;
import dev.segtpu.trainer.input.synthetic.SyntheticInstanceScenes;

/** Opens the Mask R-CNN datasets an {@link InputSpec} names; the counterpart of {@link BatchSources}. */
public final class InstanceSources {

  private InstanceSources() {}

  /** Augmented training batches from {@code start}: this worker's share of every global batch. */
  public static InstanceBatches training(Dataset<InstanceExample> dataset, InputSpec spec, int maxInstances, DataPosition start, Shard shard) {
    return InstanceBatches.training(dataset, InstanceAugmentation.training(spec.cropSize()), spec.seed(), spec.batchSize(),
        maxInstances, start, shard);
  }

  /** The evaluation set in index order, resized and padded without flipping; the last batch padded. */
  public static InstanceBatches evaluation(Dataset<InstanceExample> dataset, InputSpec spec, int maxInstances) {
    return InstanceBatches.evaluation(dataset, InstanceAugmentation.evaluation(spec.cropSize()), spec.batchSize(), maxInstances);
  }

  /** The training set; synthetic scenes have category ids 1..numClasses − 1. */
  public static Dataset<InstanceExample> openTraining(InputSpec spec) {
    return open(spec, spec.seed());
  }

  /** The evaluation set; synthetic evaluation scenes come from their own stream, not copies of training scenes. */
  public static Dataset<InstanceExample> openEvaluation(InputSpec spec) {
    return open(spec, SeedMix.of(spec.seed(), BatchSources.SYNTHETIC_EVALUATION_STREAM));
  }

  private static Dataset<InstanceExample> open(InputSpec spec, long syntheticSeed) {
    return switch (spec.format()) {
      case COCO_TFRECORD -> CocoTfRecordDataset.open(spec.dataDir(), spec.filePattern());
      case SYNTHETIC -> new RenderedDataset<>(new SyntheticInstanceScenes(syntheticSeed, spec.numClasses() - 1)::render,
          spec.syntheticExamples(), spec.syntheticImageSize());
      case VOC_TFRECORD -> throw new IllegalArgumentException("voc-tfrecord holds segmentation labels, not instances: "
          + "Mask R-CNN reads coco-tfrecord or synthetic");
    };
  }
}
