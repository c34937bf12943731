package dev.segtpu.contract;

import java.util.List;

/**
 * The values of the contract's enumerated variables, spelled once: the API's enums serialise to them,
 * the operator writes them, the trainer parses them.
 */
public final class ContractValues {

  private ContractValues() {}

  /** {@code SEGTPU_MODEL}. */
  public static final String DEEPLAB_V3_PLUS = "deeplabv3plus";
  public static final String MASK_RCNN = "maskrcnn";
  public static final List<String> MODELS = List.of(DEEPLAB_V3_PLUS, MASK_RCNN);
  /** {@code SEGTPU_IMAGE_SIZE} of maskrcnn is a multiple of this: the stride of its coarsest feature level, P6. */
  public static final int MASK_RCNN_SIZE_MULTIPLE = 64;

  /** {@code SEGTPU_BACKBONE}. */
  public static final String MOBILENET_V2 = "mobilenetv2";
  public static final String RESNET_50 = "resnet50";
  public static final String RESNET_101 = "resnet101";
  public static final List<String> BACKBONES = List.of(MOBILENET_V2, RESNET_50, RESNET_101);

  /** {@code SEGTPU_DATASET_FORMAT}. */
  public static final String VOC_TFRECORD = "voc-tfrecord";
  public static final String COCO_TFRECORD = "coco-tfrecord";
  public static final String SYNTHETIC = "synthetic";
  public static final List<String> DATASET_FORMATS = List.of(VOC_TFRECORD, COCO_TFRECORD, SYNTHETIC);

  /** {@code SEGTPU_LR_SCHEDULE}. */
  public static final String POLY = "poly";
  public static final String STEPWISE = "stepwise";
  public static final List<String> LR_SCHEDULES = List.of(POLY, STEPWISE);

  /** {@code SEGTPU_CHECKPOINT_ON_UNRESTORABLE}. */
  public static final List<String> ON_UNRESTORABLE = List.of(TrainerContract.ON_UNRESTORABLE_FAIL,
      TrainerContract.ON_UNRESTORABLE_START_OVER);
}
