package dev.segtpu.trainer.model.deeplab;

import dev.segtpu.trainer.model.Layers;
import dev.segtpu.trainer.model.Pixels;
import dev.segtpu.trainer.model.PixelwiseCrossEntropy;
import dev.segtpu.trainer.model.SegmentationModel;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * DeepLab v3+ (Chen et al. 2018): backbone → ASPP → decoder with stride-4 features → 1×1 classifier →
 * bilinear upsampling of the logits to the input size; loss: per-pixel softmax cross-entropy ignoring
 * label 255.
 */
public final class DeepLabV3Plus implements SegmentationModel {

  private final DeepLabSpec spec;
  private final Backbone backbone;
  private final AtrousSpatialPyramidPooling aspp;
  private final Decoder decoder;

  public DeepLabV3Plus(DeepLabSpec spec) {
    this.spec = spec;
    this.backbone = Backbone.of(spec);
    this.aspp = new AtrousSpatialPyramidPooling(spec);
    this.decoder = new Decoder(spec);
  }

  public DeepLabSpec spec() {
    return spec;
  }

  @Override
  public String description() {
    return "DeepLab v3+ / " + spec.backbone().contractName() + ", output stride " + spec.outputStride()
        + (spec.widthMultiplier() != 1.0 ? ", width x" + spec.widthMultiplier() : "")
        + (spec.maxBlockRepeats() > 0 ? ", at most " + spec.maxBlockRepeats() + " blocks per stage" : "");
  }

  @Override
  public int numClasses() {
    return spec.numClasses();
  }

  @Override
  public Operand<TFloat32> logits(Layers layers, Operand<TFloat32> images) {
    return logitsByBlock(layers, images).logits();
  }

  /** Every block's output, for shape tests and the benchmark's layer accounting. */
  public Blocks logitsByBlock(Layers layers, Operand<TFloat32> images) {
    BackboneFeatures features = backbone.features(layers, Pixels.toUnitRange(layers.tf(), images));
    Operand<TFloat32> pyramid = aspp.apply(layers, features.high());
    Operand<TFloat32> decoded = decoder.apply(layers, pyramid, features.lowLevel());
    Operand<TFloat32> coarse = layers.in("logits").classifier("semantic", decoded, spec.numClasses());
    Operand<TFloat32> logits = layers.resize(coarse, Layers.height(images), Layers.width(images));
    return new Blocks(features, pyramid, decoded, coarse, logits);
  }

  @Override
  public Operand<TFloat32> loss(Layers layers, Operand<TFloat32> logits, Operand<TInt32> labels) {
    return PixelwiseCrossEntropy.loss(layers.tf(), logits, labels, spec.numClasses());
  }

  /** Outputs of each stage of the network. */
  public record Blocks(BackboneFeatures backbone, Operand<TFloat32> aspp, Operand<TFloat32> decoder,
                       Operand<TFloat32> coarseLogits, Operand<TFloat32> logits) {}
}
