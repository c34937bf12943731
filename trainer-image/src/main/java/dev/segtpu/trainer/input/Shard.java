package dev.segtpu.trainer.input;

/**
 * Which share of every global batch a worker reads: worker {@code index} of {@code count} takes the
 * {@code index}-th contiguous part.
 */
public record Shard(int index, int count) {

  public static final Shard WHOLE = new Shard(0, 1);

  public Shard {
    if (count < 1 || index < 0 || index >= count) {
      throw new IllegalArgumentException("shard " + index + " of " + count);
    }
  }
}
