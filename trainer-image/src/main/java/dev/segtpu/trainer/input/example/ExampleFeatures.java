package dev.segtpu.trainer.input.example;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.List;
import java.util.Map;
import org.tensorflow.proto.Example;
import org.tensorflow.proto.Feature;

/**
 * The features of one serialized tf.train.Example, read by key and kind. Every layout decoder (VOC, COCO)
 * reads through here so a missing key, a key of the wrong kind or an unparsable record is reported the
 * same way: a {@link MalformedExampleException} naming the key.
 */
public final class ExampleFeatures {

  private final Map<String, Feature> features;

  private ExampleFeatures(Map<String, Feature> features) {
    this.features = features;
  }

  public static ExampleFeatures parse(byte[] serialized) {
    try {
      return new ExampleFeatures(Example.parseFrom(serialized).getFeatures().getFeatureMap());
    } catch (InvalidProtocolBufferException e) {
      throw new MalformedExampleException("not a tf.train.Example: " + e.getMessage(), e);
    }
  }

  public boolean has(String key) {
    return features.containsKey(key);
  }

  /** A required feature holding exactly one bytes value. */
  public ByteString bytes(String key) {
    Feature feature = features.get(key);
    if (feature == null || feature.getBytesList().getValueCount() != 1) {
      throw new MalformedExampleException("feature " + key + " is missing or not a single bytes value");
    }
    return feature.getBytesList().getValue(0);
  }

  /** An optional single int64: the references always write it, hand-made records may not. */
  public long int64(String key, long absent) {
    Feature feature = features.get(key);
    return feature == null || feature.getInt64List().getValueCount() == 0
        ? absent : feature.getInt64List().getValue(0);
  }

  /** A bytes list; an absent key reads as empty, as tf.io.VarLenFeature does. */
  public List<ByteString> bytesList(String key) {
    return ofKind(key, Feature.KindCase.BYTES_LIST) ? features.get(key).getBytesList().getValueList() : List.of();
  }

  /** An int64 list; an absent key reads as empty, as tf.io.VarLenFeature does. */
  public List<Long> int64List(String key) {
    return ofKind(key, Feature.KindCase.INT64_LIST) ? features.get(key).getInt64List().getValueList() : List.of();
  }

  /** A float list; an absent key reads as empty, as tf.io.VarLenFeature does. */
  public List<Float> floatList(String key) {
    return ofKind(key, Feature.KindCase.FLOAT_LIST) ? features.get(key).getFloatList().getValueList() : List.of();
  }

  /**
   * Checks the optional declared height and width against the decoded image: a mismatch means the record
   * was written from a different image than it describes.
   */
  public void checkDeclaredSize(String heightKey, String widthKey, String name, DecodedImage image) {
    long height = int64(heightKey, image.height());
    long width = int64(widthKey, image.width());
    if (height != image.height() || width != image.width()) {
      throw new MalformedExampleException(name + " declares " + height + "x" + width + " (" + heightKey + ", "
          + widthKey + ") but its image decodes to " + image.size() + ": write the encoded image's own size");
    }
  }

  /** Whether the key is present with values of {@code kind}; present with another kind is malformed. */
  private boolean ofKind(String key, Feature.KindCase kind) {
    Feature feature = features.get(key);
    if (feature == null || feature.getKindCase() == Feature.KindCase.KIND_NOT_SET) {
      return false;
    }
    if (feature.getKindCase() != kind) {
      throw new MalformedExampleException("feature " + key + " holds " + kindName(feature.getKindCase())
          + " values but must hold " + kindName(kind) + " values: write it with the reference's type");
    }
    return true;
  }

  private static String kindName(Feature.KindCase kind) {
    return switch (kind) {
      case BYTES_LIST -> "bytes";
      case INT64_LIST -> "int64";
      case FLOAT_LIST -> "float";
      case KIND_NOT_SET -> "no";
    };
  }
}
