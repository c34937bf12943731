package dev.segtpu.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Cloud TPU generations. Their facts (labels, topologies, prices) live in {@code dev.segtpu.tpu.TpuCatalog}. */
public enum TpuGeneration {
  @JsonProperty("v2") V2("v2"),
  @JsonProperty("v3") V3("v3"),
  @JsonProperty("v4") V4("v4"),
  @JsonProperty("v5e") V5E("v5e"),
  @JsonProperty("v5p") V5P("v5p"),
  @JsonProperty("v6e") V6E("v6e"),
  @JsonProperty("tpu7x") TPU7X("tpu7x");

  private final String value;

  TpuGeneration(String value) {
    this.value = value;
  }

  public String value() {
    return value;
  }

  public static TpuGeneration fromValue(String value) {
    for (TpuGeneration generation : values()) {
      if (generation.value.equals(value)) {
        return generation;
      }
    }
    throw new IllegalArgumentException("unknown TPU generation '" + value + "'; valid: "
        + Arrays.stream(values()).map(v -> v.value).collect(Collectors.joining(", ")));
  }
}
