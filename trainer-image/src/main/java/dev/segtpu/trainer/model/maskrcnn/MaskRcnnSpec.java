package dev.segtpu.trainer.model.maskrcnn;

import dev.segtpu.trainer.model.ModelCatalog;
import dev.segtpu.trainer.model.ModelSpec;
import dev.segtpu.trainer.model.deeplab.BackboneKind;
import dev.segtpu.trainer.model.maskrcnn.targets.RoiSampler;

/**
 * Shape of a Mask R-CNN network and its per-image sampling, with the TPU reference's values in
 * {@link #published}; the smaller settings exist for tests, the sandbox and CPU benchmarks.
 *
 * @param backbone resnet50 or resnet101
 * @param numClasses classes including background (the reference's 91: COCO ids 1..90 index the classes directly)
 * @param widthMultiplier scales every backbone channel count (1.0 = the published network)
 * @param maxBlockRepeats caps the units of every backbone stage (0 = none)
 * @param fpnFilters channels of the feature pyramid, the RPN's 3×3 convolution and the mask head (256)
 * @param boxHeadDim width of the box head's two fully connected layers (1024)
 * @param roisPerImage RoIs sampled per image for the second stage ({@code batch_size_per_im} 512)
 * @param maxInstances object slots per image in a batch ({@code max_num_instances} 100)
 * @param batchNormDecay decay of the batch-norm moving averages
 */
public record MaskRcnnSpec(BackboneKind backbone, int numClasses, double widthMultiplier, int maxBlockRepeats, int fpnFilters,
                           int boxHeadDim, int roisPerImage, int maxInstances, float batchNormDecay) implements ModelSpec {

  public MaskRcnnSpec {
    if (backbone != BackboneKind.RESNET50 && backbone != BackboneKind.RESNET101) {
      throw new IllegalArgumentException("Mask R-CNN's backbone is resnet50 or resnet101, got " + backbone);
    }
    if (numClasses < 2) {
      throw new IllegalArgumentException("need at least 2 classes (background and one), got " + numClasses);
    }
    if (!(widthMultiplier > 0) || fpnFilters < 1 || boxHeadDim < 1 || roisPerImage < 4 || maxInstances < 1) {
      throw new IllegalArgumentException("width, filters, head width, RoIs (at least 4) and instances must be positive");
    }
  }

  /** The reference: full width, all blocks, 256-channel FPN, 1024-wide box head, 512 RoIs, 100 instances. */
  public static MaskRcnnSpec published(BackboneKind backbone, int numClasses, float batchNormDecay) {
    return new MaskRcnnSpec(backbone, numClasses, 1.0, 0, FeaturePyramid.FILTERS, BoxHead.FC_DIM, 512, 100, batchNormDecay);
  }

  @Override
  public String architecture() {
    return ModelCatalog.MASK_RCNN;
  }

  /** The reference's RoI sampling ({@link RoiSampler#REFERENCE}) with this spec's RoIs per image. */
  public RoiSampler roiSampler() {
    RoiSampler reference = RoiSampler.REFERENCE;
    return new RoiSampler(roisPerImage, reference.foregroundFraction(), reference.foregroundThreshold(),
        reference.backgroundHigh(), reference.backgroundLow());
  }

  /** At most this many foreground RoIs per image reach the mask head: the sampler's foreground share. */
  public int maskRoisPerImage() {
    return (int) (roisPerImage * RoiSampler.REFERENCE.foregroundFraction());
  }

  public String description() {
    return String.format("Mask R-CNN / %s-FPN%s, FPN %d, box head %d, %d RoIs per image", backbone.contractName(),
        widthMultiplier == 1.0 && maxBlockRepeats == 0 ? "" : String.format(" (width %.2f, blocks ≤ %d)", widthMultiplier,
            maxBlockRepeats), fpnFilters, boxHeadDim, roisPerImage);
  }
}
