package dev.segtpu.trainer.input.voc;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.segtpu.trainer.input.SegmentationExample;
import java.util.Map;
import org.tensorflow.proto.Example;
import org.tensorflow.proto.Feature;

/** Turns one serialized tf.train.Example in the VOC reference layout into decoded pixels and class ids. */
public final class VocExampleDecoder {

  private final int numClasses;

  public VocExampleDecoder(int numClasses) {
    this.numClasses = numClasses;
  }

  public SegmentationExample decode(byte[] serialized) {
    Map<String, Feature> features = parse(serialized).getFeatures().getFeatureMap();
    String name = features.containsKey(VocFeatureKeys.IMAGE_FILENAME)
        ? bytes(features, VocFeatureKeys.IMAGE_FILENAME).toStringUtf8() : "(unnamed)";
    PixelDecoder.DecodedImage image =
        PixelDecoder.rgb(bytes(features, VocFeatureKeys.IMAGE_ENCODED).toByteArray(), "image " + name);
    PixelDecoder.DecodedImage label = PixelDecoder.singleChannel(
        bytes(features, VocFeatureKeys.LABEL_ENCODED).toByteArray(), "class mask of " + name);
    checkDeclaredSize(features, name, image);
    if (label.height() != image.height() || label.width() != image.width()) {
      throw new MalformedExampleException("class mask of " + name + " is " + label.height() + "x"
          + label.width() + " but the image is " + image.height() + "x" + image.width());
    }
    checkLabels(name, label.pixels());
    return new SegmentationExample(name, image.height(), image.width(), image.pixels(), label.pixels());
  }

  private static Example parse(byte[] serialized) {
    try {
      return Example.parseFrom(serialized);
    } catch (InvalidProtocolBufferException e) {
      throw new MalformedExampleException("not a tf.train.Example: " + e.getMessage(), e);
    }
  }

  private static com.google.protobuf.ByteString bytes(Map<String, Feature> features, String key) {
    Feature feature = features.get(key);
    if (feature == null || feature.getBytesList().getValueCount() != 1) {
      throw new MalformedExampleException("feature " + key + " is missing or not a single bytes value");
    }
    return feature.getBytesList().getValue(0);
  }

  private static void checkDeclaredSize(Map<String, Feature> features, String name,
                                        PixelDecoder.DecodedImage image) {
    long height = int64(features, VocFeatureKeys.IMAGE_HEIGHT, image.height());
    long width = int64(features, VocFeatureKeys.IMAGE_WIDTH, image.width());
    if (height != image.height() || width != image.width()) {
      throw new MalformedExampleException(name + " declares " + height + "x" + width
          + " but its image decodes to " + image.height() + "x" + image.width());
    }
  }

  /** Optional int64 feature: the reference always writes it, hand-made records may not. */
  private static long int64(Map<String, Feature> features, String key, long absent) {
    Feature feature = features.get(key);
    return feature == null || feature.getInt64List().getValueCount() == 0
        ? absent : feature.getInt64List().getValue(0);
  }

  private void checkLabels(String name, byte[] labels) {
    for (int i = 0; i < labels.length; i++) {
      int label = labels[i] & 0xff;
      if (label >= numClasses && label != SegmentationExample.IGNORE_LABEL) {
        throw new MalformedExampleException("class mask of " + name + " has class id " + label
            + " at pixel " + i + " but the job has " + numClasses + " classes (255 = ignore): check the number of "
            + "classes (SEGTPU_NUM_CLASSES) or the masks");
      }
    }
  }
}
