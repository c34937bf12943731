package dev.segtpu.trainer.input.synthetic;

import dev.segtpu.trainer.input.SeedMix;
import dev.segtpu.trainer.input.coco.Instance;
import dev.segtpu.trainer.input.coco.InstanceExample;
import dev.segtpu.trainer.input.coco.PixelBox;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Renders COCO-like instance scenes for Mask R-CNN: overlapping filled rectangles, ellipses and triangles of
 * categories 1..n on a textured background. Later shapes cover earlier ones, and each instance's mask is
 * what stays visible, so masks never share a pixel and every box is the tight box of its mask, as in COCO's
 * annotations; an instance left with fewer than {@link #MIN_VISIBLE_PIXELS} pixels is dropped (a sliver is
 * no annotation). A few instances are marked crowd, so the crowd path gets exercised. Scene i depends only
 * on (seed, i).
 */
public final class SyntheticInstanceScenes {

  /** Fewer visible pixels than this and the instance is not annotated. */
  public static final int MIN_VISIBLE_PIXELS = 20;
  /** COCO marks about 1% of its annotations crowd; more here, so small datasets still hold some. */
  public static final double CROWD_PROBABILITY = 0.05;

  private static final int MAX_OBJECTS = 6;
  private static final Shape[] SHAPES = {Shape.RECTANGLE, Shape.ELLIPSE, Shape.TRIANGLE};
  /** Mixed into the seed so these scenes differ from the VOC ones of the same seed. */
  private static final long STREAM = 0xc0c0L;

  private final long seed;
  private final int categories;

  /** Scenes whose instances have COCO category ids 1..{@code categories}. */
  public SyntheticInstanceScenes(long seed, int categories) {
    if (categories < 1 || categories > Instance.MAX_CATEGORY_ID) {
      throw new IllegalArgumentException("categories must be 1.." + Instance.MAX_CATEGORY_ID + ", got " + categories);
    }
    this.seed = seed;
    this.categories = categories;
  }

  public InstanceExample render(int index, int height, int width) {
    SplittableRandom random = new SplittableRandom(SeedMix.of(seed, STREAM, index));
    SceneCanvas canvas = new SceneCanvas(random, height, width);
    int[] owner = new int[height * width];
    Arrays.fill(owner, -1);
    int objects = 1 + random.nextInt(MAX_OBJECTS);
    int[] category = new int[objects];
    boolean[] crowd = new boolean[objects];
    for (int k = 0; k < objects; k++) {
      int object = k;
      category[k] = 1 + random.nextInt(categories);
      crowd[k] = random.nextDouble() < CROWD_PROBABILITY;
      PlacedShape placed = PlacedShape.random(random, height, width, SHAPES);
      int[] color = SceneCanvas.classColor(category[k] - 1, categories, random);
      placed.forEachPixel(height, width, pixel -> {
        owner[pixel] = object;
        canvas.fill(pixel, color, random);
      });
    }
    return new InstanceExample(Integer.toString(index), width, height, canvas.rgb(),
        visibleInstances(owner, width, category, crowd));
  }

  /** One instance per object that still owns enough pixels, in painting order. */
  private static List<Instance> visibleInstances(int[] owner, int width, int[] category, boolean[] crowd) {
    List<Instance> instances = new ArrayList<>();
    for (int k = 0; k < category.length; k++) {
      boolean[] mask = new boolean[owner.length];
      int pixels = 0;
      for (int i = 0; i < owner.length; i++) {
        if (owner[i] == k) {
          mask[i] = true;
          pixels++;
        }
      }
      if (pixels >= MIN_VISIBLE_PIXELS) {
        instances.add(new Instance(category[k], PixelBox.around(mask, width), pixels, crowd[k], mask));
      }
    }
    return instances;
  }
}
