package dev.segtpu.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.segtpu.contract.ContractValues;

/** The feature extractor under the segmentation head. */
public enum Backbone {
  @JsonProperty(ContractValues.MOBILENET_V2) MOBILENET_V2(ContractValues.MOBILENET_V2),
  @JsonProperty(ContractValues.RESNET_50) RESNET_50(ContractValues.RESNET_50),
  @JsonProperty(ContractValues.RESNET_101) RESNET_101(ContractValues.RESNET_101);

  private final String value;

  Backbone(String value) {
    this.value = value;
  }

  public String value() {
    return value;
  }
}
