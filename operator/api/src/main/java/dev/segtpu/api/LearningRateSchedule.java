package dev.segtpu.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.segtpu.contract.ContractValues;

public enum LearningRateSchedule {
  /** base x (1 - step/total)^power, the DeepLab reference schedule. */
  @JsonProperty(ContractValues.POLY) POLY(ContractValues.POLY),
  /** base, multiplied at each boundary, after a linear warm-up: the Mask R-CNN reference schedule. */
  @JsonProperty(ContractValues.STEPWISE) STEPWISE(ContractValues.STEPWISE);

  private final String value;

  LearningRateSchedule(String value) {
    this.value = value;
  }

  public String value() {
    return value;
  }
}
