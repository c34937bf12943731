package dev.segtpu.trainer.input.synthetic;

import dev.segtpu.trainer.input.coco.InstanceDataset;
import dev.segtpu.trainer.input.coco.InstanceExample;

/** {@code size} synthetic instance scenes of {@code imageSize}² pixels, rendered on demand; nothing is read from disk. */
public final class SyntheticInstanceDataset implements InstanceDataset {

  private final SyntheticInstanceScenes scenes;
  private final int size;
  private final int imageSize;

  public SyntheticInstanceDataset(SyntheticInstanceScenes scenes, int size, int imageSize) {
    this.scenes = scenes;
    this.size = size;
    this.imageSize = imageSize;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public InstanceExample example(int index) {
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
