package dev.segtpu.trainer.input;

/** A fixed, indexable set of examples; safe to read from several threads at once. */
public interface SegmentationDataset extends AutoCloseable {

  int size();

  /** Decodes example {@code index} (0 ≤ index < size); corrupt data throws, naming file and offset. */
  SegmentationExample example(int index);

  @Override
  void close();
}
