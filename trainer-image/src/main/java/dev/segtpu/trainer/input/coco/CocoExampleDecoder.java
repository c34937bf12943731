package dev.segtpu.trainer.input.coco;

import com.google.protobuf.ByteString;
import dev.segtpu.trainer.input.example.DecodedImage;
import dev.segtpu.trainer.input.example.ExampleFeatures;
import dev.segtpu.trainer.input.example.MalformedExampleException;
import dev.segtpu.trainer.input.example.PixelDecoder;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns one serialized tf.train.Example in the COCO reference layout (create_coco_tf_record.py) into the
 * image and its instances. Everything the reference decoder would silently mis-train on is refused here
 * instead, naming the key and the fix: per-object lists of different lengths, boxes outside the image or
 * inside out, category ids outside COCO's 1..90, masks of another size than the image. As the reference,
 * an absent is_crowd reads as "not crowd", an absent area as the box's area, and a mask pixel is the object
 * where it is non-zero (0/1 and 0/255 masks both work).
 */
public final class CocoExampleDecoder {

  private static final String SAME_COUNT_FIX = ": every image/object/ list holds one value per object, in the "
      + "same order; rewrite the record so they agree";

  public InstanceExample decode(byte[] serialized) {
    ExampleFeatures features = ExampleFeatures.parse(serialized);
    String sourceId = features.has(CocoFeatureKeys.SOURCE_ID)
        ? features.bytes(CocoFeatureKeys.SOURCE_ID).toStringUtf8() : "(no source_id)";
    String name = "source_id " + sourceId;
    DecodedImage image =
        PixelDecoder.rgb(features.bytes(CocoFeatureKeys.IMAGE_ENCODED).toByteArray(), "image of " + name);
    features.checkDeclaredSize(CocoFeatureKeys.IMAGE_HEIGHT, CocoFeatureKeys.IMAGE_WIDTH, name, image);
    return new InstanceExample(sourceId, image.width(), image.height(), image.pixels(),
        instances(features, name, image));
  }

  private static List<Instance> instances(ExampleFeatures features, String name, DecodedImage image) {
    List<Long> labels = features.int64List(CocoFeatureKeys.CLASS_LABEL);
    int count = labels.size();
    List<Float> xmin = sameCount(features.floatList(CocoFeatureKeys.BOX_XMIN), CocoFeatureKeys.BOX_XMIN, count, name);
    List<Float> ymin = sameCount(features.floatList(CocoFeatureKeys.BOX_YMIN), CocoFeatureKeys.BOX_YMIN, count, name);
    List<Float> xmax = sameCount(features.floatList(CocoFeatureKeys.BOX_XMAX), CocoFeatureKeys.BOX_XMAX, count, name);
    List<Float> ymax = sameCount(features.floatList(CocoFeatureKeys.BOX_YMAX), CocoFeatureKeys.BOX_YMAX, count, name);
    List<Long> crowd = optional(features.int64List(CocoFeatureKeys.IS_CROWD), CocoFeatureKeys.IS_CROWD, count, name);
    List<Float> area = optional(features.floatList(CocoFeatureKeys.AREA), CocoFeatureKeys.AREA, count, name);
    List<ByteString> masks = features.bytesList(CocoFeatureKeys.MASK);
    if (masks.isEmpty() && count > 0) {
      throw new MalformedExampleException(name + " has " + count + " objects but no " + CocoFeatureKeys.MASK
          + ": Mask R-CNN trains on instance masks; write the records with masks (create_coco_tf_record.py "
          + "--include_masks)");
    }
    sameCount(masks, CocoFeatureKeys.MASK, count, name);
    List<Instance> instances = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String object = "object " + i + " of " + name;
      checkRange(CocoFeatureKeys.BOX_XMIN, CocoFeatureKeys.BOX_XMAX, xmin.get(i), xmax.get(i), object);
      checkRange(CocoFeatureKeys.BOX_YMIN, CocoFeatureKeys.BOX_YMAX, ymin.get(i), ymax.get(i), object);
      PixelBox box = new PixelBox(xmin.get(i) * (double) image.width(), ymin.get(i) * (double) image.height(),
          xmax.get(i) * (double) image.width(), ymax.get(i) * (double) image.height());
      float objectArea = area.isEmpty() ? (float) ((box.x1() - box.x0()) * (box.y1() - box.y0())) : area.get(i);
      boolean isCrowd = !crowd.isEmpty() && crowd.get(i) != 0;
      instances.add(new Instance(categoryId(labels.get(i), object), box, objectArea, isCrowd,
          mask(masks.get(i), object, image)));
    }
    return instances;
  }

  private static <T> List<T> sameCount(List<T> values, String key, int count, String name) {
    if (values.size() != count) {
      throw new MalformedExampleException(name + ": " + key + " has " + values.size() + " values but "
          + CocoFeatureKeys.CLASS_LABEL + " has " + count + SAME_COUNT_FIX);
    }
    return values;
  }

  /** Lists the reference lets a record leave out; present, they must still have one value per object. */
  private static <T> List<T> optional(List<T> values, String key, int count, String name) {
    return values.isEmpty() ? values : sameCount(values, key, count, name);
  }

  /** Normalised coordinates: {@code 0 <= min <= max <= 1} (NaN fails every comparison, so it fails too). */
  private static void checkRange(String minKey, String maxKey, float min, float max, String object) {
    if (!(min >= 0 && max <= 1)) {
      throw new MalformedExampleException(object + ": " + minKey + " " + min + " or " + maxKey + " " + max
          + " is outside [0, 1]: boxes are stored divided by the image width and height; divide the pixel "
          + "coordinates by the image size and clip them to the image");
    }
    if (!(min <= max)) {
      throw new MalformedExampleException(object + ": " + minKey + " " + min + " exceeds " + maxKey + " " + max
          + ": write each box as its top-left (min) and bottom-right (max) corner");
    }
  }

  private static int categoryId(long label, String object) {
    if (label < 1 || label > Instance.MAX_CATEGORY_ID) {
      throw new MalformedExampleException(object + ": " + CocoFeatureKeys.CLASS_LABEL + " " + label
          + " is outside COCO's category ids 1.." + Instance.MAX_CATEGORY_ID + ": write the COCO category id "
          + "(0 is background and never an object), not a contiguous 0-based class index");
    }
    return (int) label;
  }

  private static boolean[] mask(ByteString png, String object, DecodedImage image) {
    DecodedImage mask = PixelDecoder.singleChannel(png.toByteArray(), CocoFeatureKeys.MASK + " of " + object);
    if (!mask.sameSizeAs(image)) {
      throw new MalformedExampleException(object + ": " + CocoFeatureKeys.MASK + " is " + mask.size()
          + " but the image is " + image.size() + ": write each object's mask as a PNG of the whole image");
    }
    boolean[] pixels = new boolean[mask.pixels().length];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = mask.pixels()[i] != 0;
    }
    return pixels;
  }
}
