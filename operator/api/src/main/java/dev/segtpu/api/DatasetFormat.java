package dev.segtpu.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How training examples are stored; the TFRecord layouts are those of the TPU reference models. */
public enum DatasetFormat {
  @JsonProperty("voc-tfrecord") VOC_TFRECORD("voc-tfrecord"),
  @JsonProperty("coco-tfrecord") COCO_TFRECORD("coco-tfrecord"),
  @JsonProperty("synthetic") SYNTHETIC("synthetic");

  private final String value;

  DatasetFormat(String value) {
    this.value = value;
  }

  public String value() {
    return value;
  }
}
