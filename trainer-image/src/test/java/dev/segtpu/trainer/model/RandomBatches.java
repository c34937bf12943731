package dev.segtpu.trainer.model;

import java.util.Random;

/** Random image pixels and labels (one label in ten the ignore label 255) for gradient checks. */
public final class RandomBatches {

  private RandomBatches() {}

  public static float[] pixels(Random random, int count) {
    float[] pixels = new float[count];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = 255f * random.nextFloat();
    }
    return pixels;
  }

  public static int[] labels(Random random, int count, int classes) {
    int[] labels = new int[count];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = random.nextInt(10) == 0 ? 255 : random.nextInt(classes);
    }
    return labels;
  }
}
