package dev.segtpu.trainer.dataset;

/** How an example's image (never a mask, which is always PNG) is stored, and its image/format value. */
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
