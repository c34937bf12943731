package dev.segtpu.trainer.model.deeplab;

import dev.segtpu.trainer.model.ModelCatalog;
import dev.segtpu.trainer.model.ModelSpec;

/**
 * Shape of a DeepLab v3+ network.
 *
 * @param widthMultiplier scales every backbone channel count (1.0 = the published network)
 * @param maxBlockRepeats caps the repeats of every backbone stage (0 = no cap): tiny test networks
 * @param asppChannels channels of each ASPP branch and of its projection (256 in the paper)
 * @param decoderChannels channels of the decoder's two separable convolutions (256)
 * @param lowLevelChannels channels of the stride-4 feature projection (48)
 * @param batchNormDecay decay of the batch-norm moving averages (0.9997 in the reference)
 */
public record DeepLabSpec(BackboneKind backbone, int numClasses, int outputStride, double widthMultiplier,
                          int maxBlockRepeats, int asppChannels, int decoderChannels, int lowLevelChannels,
                          float batchNormDecay) implements ModelSpec {

  public DeepLabSpec {
    if (outputStride != 8 && outputStride != 16) {
      throw new IllegalArgumentException("output stride must be 8 or 16, got " + outputStride);
    }
    if (numClasses < 2) {
      throw new IllegalArgumentException("need at least 2 classes, got " + numClasses);
    }
    if (widthMultiplier <= 0) {
      throw new IllegalArgumentException("width multiplier must be positive, got " + widthMultiplier);
    }
  }

  /** The published network: full width, all blocks, 256/256/48 channels. */
  public static DeepLabSpec published(BackboneKind backbone, int numClasses, int outputStride) {
    return new DeepLabSpec(backbone, numClasses, outputStride, 1.0, 0, 256, 256, 48, 0.9997f);
  }

  @Override
  public String architecture() {
    return ModelCatalog.DEEPLAB_V3_PLUS;
  }

  /** ASPP atrous rates: 6/12/18 at output stride 16, doubled at 8. */
  public int[] asppRates() {
    int scale = 16 / outputStride;
    return new int[] {6 * scale, 12 * scale, 18 * scale};
  }

  /** Number of repeats actually built for a stage published with {@code repeats}. */
  public int repeats(int repeats) {
    return maxBlockRepeats > 0 ? Math.min(repeats, maxBlockRepeats) : repeats;
  }
}
