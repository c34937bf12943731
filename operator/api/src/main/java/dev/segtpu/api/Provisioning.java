package dev.segtpu.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import java.util.stream.Collectors;

/** How the TPU capacity is bought; decides node selectors, grace periods and the price per chip-hour. */
public enum Provisioning {
  @JsonProperty("on-demand") ON_DEMAND("on-demand"),
  @JsonProperty("spot") SPOT("spot"),
  @JsonProperty("preemptible") PREEMPTIBLE("preemptible"),
  @JsonProperty("reservation") RESERVATION("reservation"),
  /**
   * GKE flex-start (Dynamic Workload Scheduler): capacity provisioned when it becomes available, for at
   * most {@code spec.tpu.maxRunDurationSeconds} (7 days), then taken back.
   */
  @JsonProperty("flex-start") FLEX_START("flex-start");

  private final String value;

  Provisioning(String value) {
    this.value = value;
  }

  public String value() {
    return value;
  }

  /** Capacity the cloud may take back at any time. */
  public boolean reclaimable() {
    return this == SPOT || this == PREEMPTIBLE;
  }

  /** Capacity the job loses before it finishes by the cloud's doing: reclaimed, or flex-start's run ending. */
  public boolean ends() {
    return reclaimable() || this == FLEX_START;
  }

  public static Provisioning fromValue(String value) {
    for (Provisioning provisioning : values()) {
      if (provisioning.value.equals(value)) {
        return provisioning;
      }
    }
    throw new IllegalArgumentException("unknown provisioning '" + value + "'; valid: "
        + Arrays.stream(values()).map(v -> v.value).collect(Collectors.joining(", ")));
  }
}
