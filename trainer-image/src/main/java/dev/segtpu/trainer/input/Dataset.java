package dev.segtpu.trainer.input;

/**
 * A fixed, indexable set of examples ({@code SegmentationExample} for DeepLab, {@code InstanceExample} for
 * Mask R-CNN); safe to read from several threads at once. Example {@code i} is always the same example, which
 * is what lets a checkpoint's data position read the same batches again.
 */
public interface Dataset<E> extends AutoCloseable {

  int size();

  /** Decodes example {@code index} (0 ≤ index < size); corrupt data throws, naming file and offset. */
  E example(int index);

  @Override
  void close();
}
