package dev.segtpu.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The segmentation network. */
public enum Architecture {
  @JsonProperty("deeplabv3plus") DEEPLAB_V3_PLUS("deeplabv3plus"),
  @JsonProperty("maskrcnn") MASK_RCNN("maskrcnn");

  private final String value;

  Architecture(String value) {
    this.value = value;
  }

  /** The spelling used in manifests and in the trainer contract. */
  public String value() {
    return value;
  }
}
