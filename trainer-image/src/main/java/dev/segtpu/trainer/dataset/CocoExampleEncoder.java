package dev.segtpu.trainer.dataset;

import dev.segtpu.trainer.input.coco.CocoFeatureKeys;
import dev.segtpu.trainer.input.coco.Instance;
import dev.segtpu.trainer.input.coco.InstanceExample;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.proto.Example;
import org.tensorflow.proto.Features;

/**
 * Serializes an {@link InstanceExample} as a tf.train.Example with the TPU Mask R-CNN reference's COCO keys
 * (create_coco_tf_record.py): boxes divided by the image size, one 0/1 PNG mask per object as the reference
 * writes them, so {@code CocoExampleDecoder} and the reference's input pipeline read the same thing.
 */
public final class CocoExampleEncoder {

  private final ImageFormat imageFormat;

  public CocoExampleEncoder(ImageFormat imageFormat) {
    this.imageFormat = imageFormat;
  }

  public byte[] encode(InstanceExample example) {
    int height = example.height();
    int width = example.width();
    List<Instance> instances = example.instances();
    int count = instances.size();
    float[] xmin = new float[count];
    float[] ymin = new float[count];
    float[] xmax = new float[count];
    float[] ymax = new float[count];
    long[] labels = new long[count];
    long[] crowd = new long[count];
    float[] area = new float[count];
    List<byte[]> masks = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Instance instance = instances.get(i);
      xmin[i] = (float) (instance.box().x0() / width);
      ymin[i] = (float) (instance.box().y0() / height);
      xmax[i] = (float) (instance.box().x1() / width);
      ymax[i] = (float) (instance.box().y1() / height);
      labels[i] = instance.categoryId();
      crowd[i] = instance.crowd() ? 1 : 0;
      area[i] = instance.area();
      masks.add(maskPng(instance.mask(), height, width, example.sourceId()));
    }
    Features features = Features.newBuilder()
        .putFeature(CocoFeatureKeys.IMAGE_ENCODED, FeatureValues.bytes(
            EncodedImages.rgb(height, width, example.rgb(), imageFormat, example.sourceId())))
        .putFeature(CocoFeatureKeys.IMAGE_FORMAT, FeatureValues.utf8(imageFormat.featureValue()))
        .putFeature(CocoFeatureKeys.IMAGE_HEIGHT, FeatureValues.int64(height))
        .putFeature(CocoFeatureKeys.IMAGE_WIDTH, FeatureValues.int64(width))
        .putFeature(CocoFeatureKeys.SOURCE_ID, FeatureValues.utf8(example.sourceId()))
        .putFeature(CocoFeatureKeys.BOX_XMIN, FeatureValues.floatList(xmin))
        .putFeature(CocoFeatureKeys.BOX_YMIN, FeatureValues.floatList(ymin))
        .putFeature(CocoFeatureKeys.BOX_XMAX, FeatureValues.floatList(xmax))
        .putFeature(CocoFeatureKeys.BOX_YMAX, FeatureValues.floatList(ymax))
        .putFeature(CocoFeatureKeys.CLASS_LABEL, FeatureValues.int64List(labels))
        .putFeature(CocoFeatureKeys.IS_CROWD, FeatureValues.int64List(crowd))
        .putFeature(CocoFeatureKeys.AREA, FeatureValues.floatList(area))
        .putFeature(CocoFeatureKeys.MASK, FeatureValues.bytesList(masks))
        .build();
    return Example.newBuilder().setFeatures(features).build().toByteArray();
  }

  private static byte[] maskPng(boolean[] mask, int height, int width, String sourceId) {
    byte[] values = new byte[mask.length];
    for (int i = 0; i < mask.length; i++) {
      values[i] = (byte) (mask[i] ? 1 : 0);
    }
    return EncodedImages.grayPng(height, width, values, "mask of source_id " + sourceId);
  }
}
