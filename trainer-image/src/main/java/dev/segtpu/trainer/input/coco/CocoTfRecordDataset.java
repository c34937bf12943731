package dev.segtpu.trainer.input.coco;

import dev.segtpu.trainer.input.Dataset;
import dev.segtpu.trainer.input.tfrecord.IndexedTfRecords;
import java.nio.file.Path;

/**
 * COCO-layout TFRecord shards (the Mask R-CNN reference's create_coco_tf_record.py output) read by example
 * index exactly as the VOC shards are: example i is record i of the shards taken in name order, so a data
 * position a checkpoint recorded reads the same examples again, and a bad record is named by file and
 * byte offset.
 */
public final class CocoTfRecordDataset implements Dataset<InstanceExample> {

  private final IndexedTfRecords records;
  private final CocoExampleDecoder decoder = new CocoExampleDecoder();

  private CocoTfRecordDataset(IndexedTfRecords records) {
    this.records = records;
  }

  /** Opens and indexes every shard matching {@code glob} under {@code dataDir}. */
  public static CocoTfRecordDataset open(Path dataDir, String glob) {
    return new CocoTfRecordDataset(IndexedTfRecords.open(dataDir, glob));
  }

  @Override
  public int size() {
    return records.size();
  }

  @Override
  public InstanceExample example(int index) {
    return records.decode(index, decoder::decode);
  }

  @Override
  public void close() {
    records.close();
  }
}
