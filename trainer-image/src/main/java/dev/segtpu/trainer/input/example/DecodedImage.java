package dev.segtpu.trainer.input.example;

/** Decoded pixels, a fixed number of bytes per pixel (3 for RGB, 1 for masks), row-major. */
public record DecodedImage(int height, int width, byte[] pixels) {

  /** Whether {@code other} has this image's height and width: masks must cover their image exactly. */
  public boolean sameSizeAs(DecodedImage other) {
    return height == other.height && width == other.width;
  }

  public String size() {
    return height + "x" + width;
  }
}
