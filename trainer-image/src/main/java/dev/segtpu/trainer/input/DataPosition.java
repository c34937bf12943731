package dev.segtpu.trainer.input;

/**
 * Where the example stream stands: the next example is number {@code position} of epoch {@code epoch}'s
 * shuffled order. A checkpoint records the position after its last step's batch.
 */
public record DataPosition(long epoch, long position) {

  public static final DataPosition START = new DataPosition(0, 0);

  public DataPosition {
    if (epoch < 0 || position < 0) {
      throw new IllegalArgumentException("negative data position " + epoch + "/" + position);
    }
  }

  /** The position right after {@code batch}: training batches run on across epoch boundaries. */
  public static DataPosition after(Batch batch, long examplesPerEpoch) {
    return after(batch, Shard.WHOLE, examplesPerEpoch);
  }

  /**
   * The position right after the global batch that {@code batch} is {@code shard}'s share of (a batch
   * carries the position of its global batch's first example).
   */
  public static DataPosition after(Batch batch, Shard shard, long examplesPerEpoch) {
    return afterShare(batch.epoch(), batch.position(), batch.size(), shard, examplesPerEpoch);
  }

  /**
   * The position right after the global batch starting at ({@code epoch}, {@code position}) of which a
   * worker's share is {@code shareSize} examples: any batch kind (segmentation, instances) resumes alike.
   */
  public static DataPosition afterShare(long epoch, long position, int shareSize, Shard shard,
                                        long examplesPerEpoch) {
    return new DataPosition(epoch, position).advance((long) shareSize * shard.count(), examplesPerEpoch);
  }

  /** The position {@code examples} examples later. */
  public DataPosition advance(long examples, long examplesPerEpoch) {
    long flat = epoch * examplesPerEpoch + position + examples;
    return new DataPosition(flat / examplesPerEpoch, flat % examplesPerEpoch);
  }
}
