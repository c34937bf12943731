package dev.segtpu.operator.plan;

import dev.segtpu.api.Architecture;
import dev.segtpu.api.Backbone;
import dev.segtpu.api.TpuGeneration;

/**
 * A training run someone reported: this workload took this long on this slice. Turned into images per
 * second per chip, the unit the model scales from.
 *
 * @param images images the run trained on (steps × batch of its schedule)
 * @param source where the run and its schedule are reported
 */
public record ReferenceRun(Architecture architecture, Backbone backbone, int crop, TpuGeneration generation, int chips,
                           long images, double hours, String source) {

  public double imagesPerSecond() {
    return images / (hours * 3600);
  }

  public double imagesPerSecondPerChip() {
    return imagesPerSecond() / chips;
  }
}
