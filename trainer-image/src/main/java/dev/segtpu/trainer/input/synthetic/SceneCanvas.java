package dev.segtpu.trainer.input.synthetic;

import java.awt.Color;
import java.util.SplittableRandom;

/**
 * The RGB pixels of a synthetic scene: a textured background that is no class, and objects filled with a
 * saturated hue per class (jittered per object and per pixel) so a model can actually learn the task.
 */
final class SceneCanvas {

  private final byte[] rgb;

  /** A canvas already painted with low-saturation stripes plus noise. */
  SceneCanvas(SplittableRandom random, int height, int width) {
    this.rgb = new byte[height * width * 3];
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

  /** Saturated colour with hue {@code hueIndex} of {@code hues} evenly spaced ones, jittered per object. */
  static int[] classColor(int hueIndex, int hues, SplittableRandom random) {
    float hue = hueIndex / (float) hues + (float) random.nextDouble(-0.02, 0.02);
    float brightness = 0.75f + (float) random.nextDouble(0.25);
    int packed = Color.HSBtoRGB(hue, 0.85f, brightness);
    return new int[] {(packed >> 16) & 0xff, (packed >> 8) & 0xff, packed & 0xff};
  }

  /** Paints one pixel (row-major index) with {@code color} plus a little noise. */
  void fill(int pixel, int[] color, SplittableRandom random) {
    for (int c = 0; c < 3; c++) {
      rgb[pixel * 3 + c] = (byte) clamp(color[c] + random.nextInt(11) - 5);
    }
  }


  byte[] rgb() {
    return rgb;
  }

  private static int clamp(double value) {
    return (int) Math.max(0, Math.min(255, Math.round(value)));
  }
}
