package dev.segtpu.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The feature extractor under the segmentation head. */
public enum Backbone {
  @JsonProperty("mobilenetv2") MOBILENET_V2("mobilenetv2"),
  @JsonProperty("resnet50") RESNET_50("resnet50"),
  @JsonProperty("resnet101") RESNET_101("resnet101");

  private final String value;

  Backbone(String value) {
    this.value = value;
  }

  public String value() {
    return value;
  }
}
