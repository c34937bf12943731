package dev.segtpu.trainer.model;

/** The models this trainer can build, by their contract names (SEGTPU_MODEL). */
public final class ModelCatalog {

  public static final String DEEPLAB_V3_PLUS = "deeplabv3plus";
  public static final String MASK_RCNN = "maskrcnn";

  private ModelCatalog() {}
}
