package dev.segtpu.trainer.model.deeplab;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The backbones DeepLab v3+ can be built on, by their contract names (SEGTPU_BACKBONE). */
public enum BackboneKind {
  MOBILENETV2,
  RESNET50,
  RESNET101;

  public String contractName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static BackboneKind fromContractName(String name) {
    for (BackboneKind kind : values()) {
      if (kind.contractName().equals(name)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("unknown backbone '" + name + "'; expected one of "
        + Arrays.stream(values()).map(BackboneKind::contractName).collect(Collectors.joining(", ")));
  }
}
