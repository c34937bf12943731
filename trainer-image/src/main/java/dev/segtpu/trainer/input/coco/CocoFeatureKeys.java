package dev.segtpu.trainer.input.coco;

/**
 * tf.train.Example feature keys of the TPU Mask R-CNN reference's COCO TFRecords
 * (models/official/mask_rcnn create_coco_tf_record.py). The per-object keys hold one value per instance, in
 * the same order.
 */
public final class CocoFeatureKeys {

  public static final String IMAGE_ENCODED = "image/encoded";
  public static final String IMAGE_FORMAT = "image/format";
  public static final String IMAGE_HEIGHT = "image/height";
  public static final String IMAGE_WIDTH = "image/width";
  public static final String SOURCE_ID = "image/source_id";
  public static final String BOX_XMIN = "image/object/bbox/xmin";
  public static final String BOX_YMIN = "image/object/bbox/ymin";
  public static final String BOX_XMAX = "image/object/bbox/xmax";
  public static final String BOX_YMAX = "image/object/bbox/ymax";
  public static final String CLASS_LABEL = "image/object/class/label";
  public static final String IS_CROWD = "image/object/is_crowd";
  public static final String AREA = "image/object/area";
  public static final String MASK = "image/object/mask";

  private CocoFeatureKeys() {}
}
