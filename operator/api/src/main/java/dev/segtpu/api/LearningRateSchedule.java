package dev.segtpu.api;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum LearningRateSchedule {
  /** base x (1 - step/total)^power, the DeepLab reference schedule. */
  @JsonProperty("poly") POLY("poly"),
  /** base, multiplied at each boundary, after a linear warm-up: the Mask R-CNN reference schedule. */
  @JsonProperty("stepwise") STEPWISE("stepwise");

  private final String value;

  LearningRateSchedule(String value) {
    this.value = value;
  }

  public String value() {
    return value;
  }
}
