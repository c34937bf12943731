package dev.segtpu.trainer.input.synthetic;

import dev.segtpu.trainer.input.SeedMix;
import dev.segtpu.trainer.input.SegmentationExample;
import java.awt.Color;
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
    byte[] rgb = new byte[height * width * 3];
    byte[] classes = new byte[height * width];
    paintBackground(random, height, width, rgb);
    int objects = 1 + random.nextInt(MAX_OBJECTS);
    for (int i = 0; i < objects; i++) {
      paintObject(random, height, width, rgb, classes);
    }
    return new SegmentationExample(String.format("synthetic-%08d", index), height, width, rgb,
        markBoundaries(classes, height, width));
  }

  /** Low-saturation stripes plus noise: texture that is not a class. */
  private static void paintBackground(SplittableRandom random, int height, int width, byte[] rgb) {
    double angle = random.nextDouble(Math.PI);
    double frequency = 0.05 + random.nextDouble(0.2);
    int base = 70 + random.nextInt(60);
    double dx = Math.cos(angle) * frequency;
    double dy = Math.sin(angle) * frequency;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        double stripe = 25 * Math.sin(x * dx + y * dy);
        int i = (y * width + x) * 3;
        for (int c = 0; c < 3; c++) {
          rgb[i + c] = (byte) clamp(base + stripe + random.nextInt(21) - 10 + c * 8);
        }
      }
    }
  }

  private void paintObject(SplittableRandom random, int height, int width, byte[] rgb, byte[] classes) {
    int objectClass = 1 + random.nextInt(numClasses - 1);
    Shape shape = Shape.values()[random.nextInt(Shape.values().length)];
    int extent = Math.max(4, Math.min(height, width) / 8 + random.nextInt(Math.max(1, Math.min(height, width) / 3)));
    int centerY = random.nextInt(height);
    int centerX = random.nextInt(width);
    double rotation = random.nextDouble(2 * Math.PI);
    int[] color = classColor(objectClass, random);
    int top = Math.max(0, centerY - extent);
    int bottom = Math.min(height - 1, centerY + extent);
    int left = Math.max(0, centerX - extent);
    int right = Math.min(width - 1, centerX + extent);
    for (int y = top; y <= bottom; y++) {
      for (int x = left; x <= right; x++) {
        if (shape.contains(x - centerX, y - centerY, extent, rotation)) {
          int pixel = y * width + x;
          classes[pixel] = (byte) objectClass;
          for (int c = 0; c < 3; c++) {
            rgb[pixel * 3 + c] = (byte) clamp(color[c] + random.nextInt(11) - 5);
          }
        }
      }
    }
  }

  /** Saturated colour with the class's hue, jittered per object. */
  private int[] classColor(int objectClass, SplittableRandom random) {
    float hue = (objectClass - 1) / (float) (numClasses - 1) + (float) random.nextDouble(-0.02, 0.02);
    float brightness = 0.75f + (float) random.nextDouble(0.25);
    int packed = Color.HSBtoRGB(hue, 0.85f, brightness);
    return new int[] {(packed >> 16) & 0xff, (packed >> 8) & 0xff, packed & 0xff};
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

  private static int clamp(double value) {
    return (int) Math.max(0, Math.min(255, Math.round(value)));
  }

  private enum Shape {
    CIRCLE {
      @Override
      boolean contains(int dx, int dy, int extent, double rotation) {
        return dx * dx + dy * dy <= extent * extent;
      }
    },
    RECTANGLE {
      @Override
      boolean contains(int dx, int dy, int extent, double rotation) {
        double u = dx * Math.cos(rotation) + dy * Math.sin(rotation);
        double v = -dx * Math.sin(rotation) + dy * Math.cos(rotation);
        return Math.abs(u) <= extent * 0.7 && Math.abs(v) <= extent * 0.45;
      }
    },
    TRIANGLE {
      @Override
      boolean contains(int dx, int dy, int extent, double rotation) {
        // Equilateral triangle inscribed in the circle of radius extent: inside all three edge half-planes.
        for (int k = 0; k < 3; k++) {
          double normal = rotation + k * 2 * Math.PI / 3;
          if (dx * Math.cos(normal) + dy * Math.sin(normal) > extent / 2.0) {
            return false;
          }
        }
        return true;
      }
    };

    abstract boolean contains(int dx, int dy, int extent, double rotation);
  }
}
