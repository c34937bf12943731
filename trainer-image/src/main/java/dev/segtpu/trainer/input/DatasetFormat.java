package dev.segtpu.trainer.input;

import dev.segtpu.contract.ContractValues;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Dataset formats the input pipeline reads (the names of SEGTPU_DATASET_FORMAT). */
public enum DatasetFormat {
  /** TFRecords of tf.train.Example in the TPU DeepLab reference layout. */
  VOC_TFRECORD(ContractValues.VOC_TFRECORD),
  /** TFRecords of tf.train.Example in the TPU Mask R-CNN reference layout ({@code create_coco_tf_record.py}). */
  COCO_TFRECORD(ContractValues.COCO_TFRECORD),
  /** Shapes on a textured background, generated in memory from the seed: no files. */
  SYNTHETIC(ContractValues.SYNTHETIC);

  private final String contractName;

  DatasetFormat(String contractName) {
    this.contractName = contractName;
  }

  public String contractName() {
    return contractName;
  }

  /** Parses a contract name such as {@code voc-tfrecord}; the message lists the accepted names. */
  public static DatasetFormat fromContractName(String name) {
    for (DatasetFormat format : values()) {
      if (format.contractName.equals(name.trim().toLowerCase(Locale.ROOT))) {
        return format;
      }
    }
    throw new IllegalArgumentException("unknown dataset format '" + name + "'; expected one of "
        + Arrays.stream(values()).map(DatasetFormat::contractName).collect(Collectors.joining(", ")));
  }
}
