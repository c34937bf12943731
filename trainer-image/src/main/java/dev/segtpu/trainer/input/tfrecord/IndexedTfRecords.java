package dev.segtpu.trainer.input.tfrecord;

import dev.segtpu.trainer.input.DataException;
import dev.segtpu.trainer.input.DatasetFiles;
import dev.segtpu.trainer.input.example.MalformedExampleException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The TFRecord shards of one dataset read as a single indexed sequence: record i is record i of the shards
 * taken in name order. Every TFRecord dataset format (VOC, COCO) reads through this, so they share one
 * definition of "example i", which is what exact resume depends on, and one way of naming a bad record
 * (file and byte offset). Safe to read from several threads at once.
 */
public final class IndexedTfRecords implements AutoCloseable {

  private final List<TfRecordFile> shards;
  /** firstIndex[s] is the index of shard s's first record; the last entry is the total. */
  private final int[] firstIndex;

  private IndexedTfRecords(List<TfRecordFile> shards, int[] firstIndex) {
    this.shards = shards;
    this.firstIndex = firstIndex;
  }

  /** Opens and indexes every shard matching {@code glob} under {@code dataDir}; no records at all is an error. */
  public static IndexedTfRecords open(Path dataDir, String glob) {
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
    return new IndexedTfRecords(List.copyOf(shards), firstIndex);
  }

  public int size() {
    return firstIndex[shards.size()];
  }

  /**
   * Reads record {@code index} (0 ≤ index < size) and decodes it; a {@link MalformedExampleException} from
   * the decoder becomes a {@link CorruptRecordException} naming the record's file and byte offset.
   */
  public <T> T decode(int index, Function<byte[], T> decoder) {
    if (index < 0 || index >= size()) {
      throw new IndexOutOfBoundsException("example " + index + " of " + size());
    }
    int shard = shardOf(index);
    TfRecordFile file = shards.get(shard);
    int record = index - firstIndex[shard];
    byte[] serialized = file.read(record);
    try {
      return decoder.apply(serialized);
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
