package dev.segtpu.trainer.input.voc;

/** tf.train.Example feature keys of the TPU DeepLab reference's VOC TFRecords (build_voc2012_data.py). */
public final class VocFeatureKeys {

  public static final String IMAGE_ENCODED = "image/encoded";
  public static final String IMAGE_FILENAME = "image/filename";
  public static final String IMAGE_FORMAT = "image/format";
  public static final String IMAGE_HEIGHT = "image/height";
  public static final String IMAGE_WIDTH = "image/width";
  public static final String IMAGE_CHANNELS = "image/channels";
  public static final String LABEL_ENCODED = "image/segmentation/class/encoded";
  public static final String LABEL_FORMAT = "image/segmentation/class/format";

  private VocFeatureKeys() {}
}
