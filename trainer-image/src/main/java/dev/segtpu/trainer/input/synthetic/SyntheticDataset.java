package dev.segtpu.trainer.input.synthetic;

import dev.segtpu.trainer.input.SegmentationDataset;
import dev.segtpu.trainer.input.SegmentationExample;

/** {@code size} synthetic scenes of {@code imageSize}² pixels, rendered on demand; nothing is read from disk. */
public final class SyntheticDataset implements SegmentationDataset {

  private final SyntheticScenes scenes;
  private final int size;
  private final int imageSize;

  public SyntheticDataset(SyntheticScenes scenes, int size, int imageSize) {
    this.scenes = scenes;
    this.size = size;
    this.imageSize = imageSize;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public SegmentationExample example(int index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException("example " + index + " of " + size);
    }
    return scenes.render(index, imageSize, imageSize);
  }

  @Override
  public void close() {
    // nothing held
  }
}
