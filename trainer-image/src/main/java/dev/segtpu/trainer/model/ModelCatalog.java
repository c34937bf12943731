package dev.segtpu.trainer.model;

import dev.segtpu.contract.ContractValues;

/** The models this trainer can build, by their contract names (SEGTPU_MODEL). */
public final class ModelCatalog {

  public static final String DEEPLAB_V3_PLUS = ContractValues.DEEPLAB_V3_PLUS;
  public static final String MASK_RCNN = ContractValues.MASK_RCNN;

  private ModelCatalog() {}
}
