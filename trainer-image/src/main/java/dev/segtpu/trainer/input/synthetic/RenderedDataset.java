package dev.segtpu.trainer.input.synthetic;

import dev.segtpu.trainer.input.Dataset;

/**
 * {@code size} synthetic scenes of {@code imageSize}² pixels, rendered on demand by a scene generator
 * ({@link SyntheticScenes} or {@link SyntheticInstanceScenes}); nothing is read from disk.
 */
public final class RenderedDataset<E> implements Dataset<E> {

  /** Renders scene {@code index} at the given size; the same index always renders the same scene. */
  @FunctionalInterface
  public interface Renderer<E> {
    E render(int index, int height, int width);
  }

  private final Renderer<E> renderer;
  private final int size;
  private final int imageSize;

  public RenderedDataset(Renderer<E> renderer, int size, int imageSize) {
    this.renderer = renderer;
    this.size = size;
    this.imageSize = imageSize;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public E example(int index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException("example " + index + " of " + size);
    }
    return renderer.render(index, imageSize, imageSize);
  }

  @Override
  public void close() {
    // nothing held
  }
}
