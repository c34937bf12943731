package dev.segtpu.trainer.dataset;

import dev.segtpu.trainer.input.SegmentationExample;
import dev.segtpu.trainer.input.voc.VocFeatureKeys;
import org.tensorflow.proto.Example;
import org.tensorflow.proto.Features;

/** Serializes an example as a tf.train.Example with the TPU reference's VOC keys (build_voc2012_data.py). */
public final class VocExampleEncoder {

  private final ImageFormat imageFormat;

  public VocExampleEncoder(ImageFormat imageFormat) {
    this.imageFormat = imageFormat;
  }

  public byte[] encode(SegmentationExample example) {
    int height = example.height();
    int width = example.width();
    Features features = Features.newBuilder()
        .putFeature(VocFeatureKeys.IMAGE_ENCODED,
            FeatureValues.bytes(EncodedImages.rgb(height, width, example.rgb(), imageFormat, example.name())))
        .putFeature(VocFeatureKeys.IMAGE_FILENAME, FeatureValues.utf8(example.name()))
        .putFeature(VocFeatureKeys.IMAGE_FORMAT, FeatureValues.utf8(imageFormat.featureValue()))
        .putFeature(VocFeatureKeys.IMAGE_HEIGHT, FeatureValues.int64(height))
        .putFeature(VocFeatureKeys.IMAGE_WIDTH, FeatureValues.int64(width))
        .putFeature(VocFeatureKeys.IMAGE_CHANNELS, FeatureValues.int64(3))
        // Class ids as a single-channel PNG, as the reference's SegmentationClassRaw masks.
        .putFeature(VocFeatureKeys.LABEL_ENCODED,
            FeatureValues.bytes(EncodedImages.grayPng(height, width, example.labels(), example.name())))
        .putFeature(VocFeatureKeys.LABEL_FORMAT, FeatureValues.utf8("png"))
        .build();
    return Example.newBuilder().setFeatures(features).build().toByteArray();
  }
}
