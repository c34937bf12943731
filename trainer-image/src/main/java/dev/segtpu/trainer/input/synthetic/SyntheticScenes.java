package dev.segtpu.trainer.input.synthetic;

import dev.segtpu.trainer.input.SeedMix;
import dev.segtpu.trainer.input.SegmentationExample;
import java.util.SplittableRandom;

/**
 * Renders VOC-like scenes: filled circles, rectangles and triangles of classes 1..n-1 on a textured
 * background (class 0), object boundaries marked 255 like VOC's annotation outlines. Each class has its
 * own hue (with per-object jitter) so a model can actually learn the task. Scene i depends only on
 * (seed, i).
 */
public final class SyntheticScenes {

  private static final int MAX_OBJECTS = 4;
  private static final int BOUNDARY_RADIUS = 1;
  /** The shapes these scenes have always drawn, in this order: the same seed renders the same scene. */
  private static final Shape[] SHAPES = {Shape.CIRCLE, Shape.RECTANGLE, Shape.TRIANGLE};

  private final long seed;
  private final int numClasses;

  public SyntheticScenes(long seed, int numClasses) {
    if (numClasses < 2) {
      throw new IllegalArgumentException("synthetic scenes need at least one object class besides background");
    }
    this.seed = seed;
    this.numClasses = numClasses;
  }

  public SegmentationExample render(int index, int height, int width) {
    SplittableRandom random = new SplittableRandom(SeedMix.of(seed, index));
    byte[] classes = new byte[height * width];
    SceneCanvas canvas = new SceneCanvas(random, height, width);
    int objects = 1 + random.nextInt(MAX_OBJECTS);
    for (int i = 0; i < objects; i++) {
      int objectClass = 1 + random.nextInt(numClasses - 1);
      PlacedShape placed = PlacedShape.random(random, height, width, SHAPES);
      int[] color = SceneCanvas.classColor(objectClass - 1, numClasses - 1, random);
      placed.forEachPixel(height, width, pixel -> {
        classes[pixel] = (byte) objectClass;
        canvas.fill(pixel, color, random);
      });
    }
    return new SegmentationExample(String.format("synthetic-%08d", index), height, width, canvas.rgb(),
        markBoundaries(classes, height, width));
  }

  /** Pixels within {@link #BOUNDARY_RADIUS} of a different class become 255, as VOC's outlines. */
  private static byte[] markBoundaries(byte[] classes, int height, int width) {
    byte[] labels = classes.clone();
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        if (nearDifferentClass(classes, height, width, y, x)) {
          labels[y * width + x] = (byte) SegmentationExample.IGNORE_LABEL;
        }
      }
    }
    return labels;
  }

  private static boolean nearDifferentClass(byte[] classes, int height, int width, int y, int x) {
    byte own = classes[y * width + x];
    for (int ny = Math.max(0, y - BOUNDARY_RADIUS); ny <= Math.min(height - 1, y + BOUNDARY_RADIUS); ny++) {
      for (int nx = Math.max(0, x - BOUNDARY_RADIUS); nx <= Math.min(width - 1, x + BOUNDARY_RADIUS); nx++) {
        if (classes[ny * width + nx] != own) {
          return true;
        }
      }
    }
    return false;
  }
}
