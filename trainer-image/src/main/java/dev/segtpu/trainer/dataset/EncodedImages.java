package dev.segtpu.trainer.dataset;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * Encodes pixel arrays as the image bytes the reference layouts store: the RGB image as PNG or JPEG, masks
 * (class ids or instance 0/1) as single-channel PNG. Shared by the VOC and COCO encoders, so both write
 * what {@code PixelDecoder} reads back.
 */
final class EncodedImages {

  private EncodedImages() {}

  /** Interleaved RGB bytes, row-major, in {@code format}. */
  static byte[] rgb(int height, int width, byte[] rgb, ImageFormat format, String name) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    byte[] bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    for (int i = 0; i < rgb.length; i += 3) {
      bgr[i] = rgb[i + 2];
      bgr[i + 1] = rgb[i + 1];
      bgr[i + 2] = rgb[i];
    }
    return write(image, format.imageIoName(), name);
  }

  /** One byte per pixel, row-major, as an 8-bit grayscale PNG (lossless, so masks survive exactly). */
  static byte[] grayPng(int height, int width, byte[] values, String name) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    byte[] pixels = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    System.arraycopy(values, 0, pixels, 0, pixels.length);
    return write(image, "png", name);
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
}
