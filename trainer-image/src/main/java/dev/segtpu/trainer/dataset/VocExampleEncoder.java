package dev.segtpu.trainer.dataset;

import com.google.protobuf.ByteString;
import dev.segtpu.trainer.input.SegmentationExample;
import dev.segtpu.trainer.input.voc.VocFeatureKeys;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;
import org.tensorflow.proto.BytesList;
import org.tensorflow.proto.Example;
import org.tensorflow.proto.Feature;
import org.tensorflow.proto.Features;
import org.tensorflow.proto.Int64List;

/** Serializes an example as a tf.train.Example with the TPU reference's VOC keys (build_voc2012_data.py). */
public final class VocExampleEncoder {

  private final ImageFormat imageFormat;

  public VocExampleEncoder(ImageFormat imageFormat) {
    this.imageFormat = imageFormat;
  }

  public byte[] encode(SegmentationExample example) {
    Features features = Features.newBuilder()
        .putFeature(VocFeatureKeys.IMAGE_ENCODED, bytes(encodeImage(example)))
        .putFeature(VocFeatureKeys.IMAGE_FILENAME, bytes(example.name().getBytes(StandardCharsets.UTF_8)))
        .putFeature(VocFeatureKeys.IMAGE_FORMAT, bytes(imageFormat.featureValue().getBytes(StandardCharsets.UTF_8)))
        .putFeature(VocFeatureKeys.IMAGE_HEIGHT, int64(example.height()))
        .putFeature(VocFeatureKeys.IMAGE_WIDTH, int64(example.width()))
        .putFeature(VocFeatureKeys.IMAGE_CHANNELS, int64(3))
        .putFeature(VocFeatureKeys.LABEL_ENCODED, bytes(encodeLabels(example)))
        .putFeature(VocFeatureKeys.LABEL_FORMAT, bytes("png".getBytes(StandardCharsets.UTF_8)))
        .build();
    return Example.newBuilder().setFeatures(features).build().toByteArray();
  }

  private byte[] encodeImage(SegmentationExample example) {
    BufferedImage image = new BufferedImage(example.width(), example.height(), BufferedImage.TYPE_3BYTE_BGR);
    byte[] bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    byte[] rgb = example.rgb();
    for (int i = 0; i < rgb.length; i += 3) {
      bgr[i] = rgb[i + 2];
      bgr[i + 1] = rgb[i + 1];
      bgr[i + 2] = rgb[i];
    }
    return write(image, imageFormat.imageIoName(), example.name());
  }

  /** Class ids as a single-channel PNG, as the reference's SegmentationClassRaw masks. */
  private static byte[] encodeLabels(SegmentationExample example) {
    BufferedImage mask = new BufferedImage(example.width(), example.height(), BufferedImage.TYPE_BYTE_GRAY);
    byte[] pixels = ((DataBufferByte) mask.getRaster().getDataBuffer()).getData();
    System.arraycopy(example.labels(), 0, pixels, 0, pixels.length);
    return write(mask, "png", example.name());
  }

  private static byte[] write(BufferedImage image, String format, String name) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, format, out)) {
        throw new IllegalStateException("no ImageIO writer for " + format);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode " + name + " as " + format, e);
    }
    return out.toByteArray();
  }

  private static Feature bytes(byte[] value) {
    return Feature.newBuilder().setBytesList(BytesList.newBuilder().addValue(ByteString.copyFrom(value))).build();
  }

  private static Feature int64(long value) {
    return Feature.newBuilder().setInt64List(Int64List.newBuilder().addValue(value)).build();
  }

  /** How the image (not the mask, which is always PNG) is stored. */
  public enum ImageFormat {
    PNG("png", "png"),
    JPEG("jpeg", "jpg");

    private final String featureValue;
    private final String imageIoName;

    ImageFormat(String featureValue, String imageIoName) {
      this.featureValue = featureValue;
      this.imageIoName = imageIoName;
    }

    String featureValue() {
      return featureValue;
    }

    String imageIoName() {
      return imageIoName;
    }
  }
}
