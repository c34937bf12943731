package dev.segtpu.trainer.input.coco;

/**
 * A fixed, indexable set of instance-segmentation examples, the Mask R-CNN counterpart of
 * {@code SegmentationDataset}; safe to read from several threads at once.
 */
public interface InstanceDataset extends AutoCloseable {

  int size();

  /** Decodes example {@code index} (0 ≤ index < size); corrupt data throws, naming file and offset. */
  InstanceExample example(int index);

  @Override
  void close();
}
