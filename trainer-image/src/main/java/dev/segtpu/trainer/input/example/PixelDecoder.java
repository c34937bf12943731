package dev.segtpu.trainer.input.example;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/**
 * Decodes PNG and JPEG bytes with javax.imageio, for every tf.Example layout we read (VOC, COCO). The format is taken from the magic bytes, as TensorFlow's
 * decode_image does. Note: ImageIO's JPEG decoder (IJG-based) may differ from libjpeg-turbo, which
 * TensorFlow uses, by ±1-2 levels on some pixels (IDCT and chroma upsampling); PNG is exact.
 */
public final class PixelDecoder {

  static {
    // Decoding from memory: ImageIO would otherwise spool every stream through a temporary file.
    ImageIO.setUseCache(false);
  }

  private PixelDecoder() {}

  /** Interleaved RGB bytes of an RGB, grayscale or palette image (alpha is dropped). */
  public static DecodedImage rgb(byte[] encoded, String what) {
    BufferedImage image = read(encoded, what);
    int height = image.getHeight();
    int width = image.getWidth();
    byte[] rgb = new byte[height * width * 3];
    if (image.getType() == BufferedImage.TYPE_3BYTE_BGR) {
      byte[] bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
      for (int i = 0; i < rgb.length; i += 3) {
        rgb[i] = bgr[i + 2];
        rgb[i + 1] = bgr[i + 1];
        rgb[i + 2] = bgr[i];
      }
    } else {
      int[] row = new int[width];
      for (int y = 0; y < height; y++) {
        image.getRGB(0, y, width, 1, row, 0, width);
        for (int x = 0, i = y * width * 3; x < width; x++, i += 3) {
          rgb[i] = (byte) (row[x] >> 16);
          rgb[i + 1] = (byte) (row[x] >> 8);
          rgb[i + 2] = (byte) row[x];
        }
      }
    }
    return new DecodedImage(height, width, rgb);
  }

  /**
   * The single channel of a grayscale or palette PNG: for VOC class masks the class id per pixel, for COCO
   * instance masks 0 outside the object.
   */
  public static DecodedImage singleChannel(byte[] encoded, String what) {
    BufferedImage image = read(encoded, what);
    Raster raster = image.getRaster();
    if (raster.getNumBands() != 1 || raster.getSampleModel().getSampleSize(0) > 8) {
      throw new MalformedExampleException(what + " must be a single-channel 8-bit PNG, got "
          + raster.getNumBands() + " channel(s) of " + raster.getSampleModel().getSampleSize(0) + " bits");
    }
    int height = image.getHeight();
    int width = image.getWidth();
    int[] samples = raster.getSamples(0, 0, width, height, 0, (int[]) null);
    byte[] values = new byte[samples.length];
    for (int i = 0; i < samples.length; i++) {
      values[i] = (byte) samples[i];
    }
    return new DecodedImage(height, width, values);
  }

  private static BufferedImage read(byte[] encoded, String what) {
    if (!isPng(encoded) && !isJpeg(encoded)) {
      throw new MalformedExampleException(what + " is neither PNG nor JPEG (" + encoded.length + " bytes)");
    }
    try {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(encoded));
      if (image == null) {
        throw new MalformedExampleException(what + ": no image decoder accepted the data");
      }
      return image;
    } catch (IOException | RuntimeException e) {
      if (e instanceof MalformedExampleException malformed) {
        throw malformed;
      }
      throw new MalformedExampleException(what + " cannot be decoded: " + e.getMessage(), e);
    }
  }

  private static boolean isPng(byte[] b) {
    return b.length > 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G';
  }

  private static boolean isJpeg(byte[] b) {
    return b.length > 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8;
  }
}
