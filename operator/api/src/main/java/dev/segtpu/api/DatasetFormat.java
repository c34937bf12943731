package dev.segtpu.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.segtpu.contract.ContractValues;

/** How training examples are stored; the TFRecord layouts are those of the TPU reference models. */
public enum DatasetFormat {
  @JsonProperty(ContractValues.VOC_TFRECORD) VOC_TFRECORD(ContractValues.VOC_TFRECORD),
  @JsonProperty(ContractValues.COCO_TFRECORD) COCO_TFRECORD(ContractValues.COCO_TFRECORD),
  @JsonProperty(ContractValues.SYNTHETIC) SYNTHETIC(ContractValues.SYNTHETIC);

  private final String value;

  DatasetFormat(String value) {
    this.value = value;
  }

  public String value() {
    return value;
  }
}
