package dev.segtpu.trainer.input.voc;

import dev.segtpu.trainer.input.DataException;
import dev.segtpu.trainer.input.DatasetFiles;
import dev.segtpu.trainer.input.SegmentationDataset;
import dev.segtpu.trainer.input.SegmentationExample;
import dev.segtpu.trainer.input.example.MalformedExampleException;
import dev.segtpu.trainer.input.tfrecord.CorruptRecordException;
import dev.segtpu.trainer.input.tfrecord.TfRecordFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * VOC-format TFRecord shards read by example index: example i is record i of the shards taken in name
 * order. Pure Java (TensorFlow's V2 TFRecordDataset op fails to build in TF Java 1.1.0, and random access
 * by index is what exact resume needs anyway).
 */
public final class VocTfRecordDataset implements SegmentationDataset {

  private final List<TfRecordFile> shards;
  /** firstIndex[s] is the example index of shard s's first record; the last entry is the total. */
  private final int[] firstIndex;
  private final VocExampleDecoder decoder;

  private VocTfRecordDataset(List<TfRecordFile> shards, int[] firstIndex, VocExampleDecoder decoder) {
    this.shards = shards;
    this.firstIndex = firstIndex;
    this.decoder = decoder;
  }

  /** Opens and indexes every shard matching {@code glob} under {@code dataDir}. */
  public static VocTfRecordDataset open(Path dataDir, String glob, int numClasses) {
    List<TfRecordFile> shards = new ArrayList<>();
    try {
      for (Path file : DatasetFiles.matching(dataDir, glob)) {
        shards.add(TfRecordFile.open(file));
      }
    } catch (RuntimeException e) {
      shards.forEach(TfRecordFile::close);
      throw e;
    }
    int[] firstIndex = new int[shards.size() + 1];
    for (int s = 0; s < shards.size(); s++) {
      firstIndex[s + 1] = Math.addExact(firstIndex[s], shards.get(s).recordCount());
    }
    if (firstIndex[shards.size()] == 0) {
      shards.forEach(TfRecordFile::close);
      throw new DataException("the files matching '" + glob + "' in " + dataDir + " hold no records");
    }
    return new VocTfRecordDataset(List.copyOf(shards), firstIndex, new VocExampleDecoder(numClasses));
  }

  @Override
  public int size() {
    return firstIndex[shards.size()];
  }

  @Override
  public SegmentationExample example(int index) {
    if (index < 0 || index >= size()) {
      throw new IndexOutOfBoundsException("example " + index + " of " + size());
    }
    int shard = shardOf(index);
    TfRecordFile file = shards.get(shard);
    int record = index - firstIndex[shard];
    byte[] serialized = file.read(record);
    try {
      return decoder.decode(serialized);
    } catch (MalformedExampleException e) {
      throw new CorruptRecordException(file.path(), file.offsetOf(record), e.getMessage(), e);
    }
  }

  private int shardOf(int index) {
    int low = 0;
    int high = shards.size() - 1;
    while (low < high) {
      int mid = (low + high + 1) >>> 1;
      if (firstIndex[mid] <= index) {
        low = mid;
      } else {
        high = mid - 1;
      }
    }
    return low;
  }

  @Override
  public void close() {
    shards.forEach(TfRecordFile::close);
  }
}
