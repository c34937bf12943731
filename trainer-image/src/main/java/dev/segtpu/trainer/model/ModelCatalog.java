package dev.segtpu.trainer.model;

import dev.segtpu.trainer.model.deeplab.DeepLabSpec;
import dev.segtpu.trainer.model.deeplab.DeepLabV3Plus;

/** The models this trainer can build, by their contract names (SEGTPU_MODEL). */
public final class ModelCatalog {

  public static final String DEEPLAB_V3_PLUS = "deeplabv3plus";
  public static final String MASK_RCNN = "maskrcnn";

  private ModelCatalog() {}

  public static SegmentationModel deepLab(DeepLabSpec spec) {
    return new DeepLabV3Plus(spec);
  }
}
