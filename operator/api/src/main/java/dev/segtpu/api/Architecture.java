package dev.segtpu.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.segtpu.contract.ContractValues;

/** The segmentation network. */
public enum Architecture {
  @JsonProperty(ContractValues.DEEPLAB_V3_PLUS) DEEPLAB_V3_PLUS(ContractValues.DEEPLAB_V3_PLUS),
  @JsonProperty(ContractValues.MASK_RCNN) MASK_RCNN(ContractValues.MASK_RCNN);

  private final String value;

  Architecture(String value) {
    this.value = value;
  }

  /** The spelling used in manifests and in the trainer contract. */
  public String value() {
    return value;
  }
}
