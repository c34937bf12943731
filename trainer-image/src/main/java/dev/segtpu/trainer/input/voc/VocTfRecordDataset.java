package dev.segtpu.trainer.input.voc;

import dev.segtpu.trainer.input.Dataset;
import dev.segtpu.trainer.input.SegmentationExample;
import dev.segtpu.trainer.input.tfrecord.IndexedTfRecords;
import java.nio.file.Path;

/**
 * VOC-format TFRecord shards read by example index: example i is record i of the shards taken in name
 * order. Pure Java (TensorFlow's V2 TFRecordDataset op fails to build in TF Java 1.1.0, and random access
 * by index is what exact resume needs anyway).
 */
public final class VocTfRecordDataset implements Dataset<SegmentationExample> {

  private final IndexedTfRecords records;
  private final VocExampleDecoder decoder;

  private VocTfRecordDataset(IndexedTfRecords records, VocExampleDecoder decoder) {
    this.records = records;
    this.decoder = decoder;
  }

  /** Opens and indexes every shard matching {@code glob} under {@code dataDir}. */
  public static VocTfRecordDataset open(Path dataDir, String glob, int numClasses) {
    return new VocTfRecordDataset(IndexedTfRecords.open(dataDir, glob), new VocExampleDecoder(numClasses));
  }

  @Override
  public int size() {
    return records.size();
  }

  @Override
  public SegmentationExample example(int index) {
    return records.decode(index, decoder::decode);
  }

  @Override
  public void close() {
    records.close();
  }
}
