package dev.segtpu.trainer.input.voc;

import dev.segtpu.trainer.input.SegmentationExample;
import dev.segtpu.trainer.input.example.DecodedImage;
import dev.segtpu.trainer.input.example.ExampleFeatures;
import dev.segtpu.trainer.input.example.MalformedExampleException;
import dev.segtpu.trainer.input.example.PixelDecoder;

/** Turns one serialized tf.train.Example in the VOC reference layout into decoded pixels and class ids. */
public final class VocExampleDecoder {

  private final int numClasses;

  public VocExampleDecoder(int numClasses) {
    this.numClasses = numClasses;
  }

  public SegmentationExample decode(byte[] serialized) {
    ExampleFeatures features = ExampleFeatures.parse(serialized);
    String name = features.has(VocFeatureKeys.IMAGE_FILENAME)
        ? features.bytes(VocFeatureKeys.IMAGE_FILENAME).toStringUtf8() : "(unnamed)";
    DecodedImage image =
        PixelDecoder.rgb(features.bytes(VocFeatureKeys.IMAGE_ENCODED).toByteArray(), "image " + name);
    DecodedImage label = PixelDecoder.singleChannel(
        features.bytes(VocFeatureKeys.LABEL_ENCODED).toByteArray(), "class mask of " + name);
    features.checkDeclaredSize(VocFeatureKeys.IMAGE_HEIGHT, VocFeatureKeys.IMAGE_WIDTH, name, image);
    if (!label.sameSizeAs(image)) {
      throw new MalformedExampleException("class mask of " + name + " is " + label.size()
          + " but the image is " + image.size());
    }
    checkLabels(name, label.pixels());
    return new SegmentationExample(name, image.height(), image.width(), image.pixels(), label.pixels());
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
