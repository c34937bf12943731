package dev.segtpu.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.segtpu.contract.TrainerContract;

/**
 * What the trainer does when committed checkpoints exist but none restores. Failing is the default
 * because starting over would let keep-N delete the damaged checkpoints, the evidence of what went
 * wrong, and silently repeat paid training.
 */
public enum OnUnrestorable {
  @JsonProperty("fail") FAIL(TrainerContract.ON_UNRESTORABLE_FAIL),
  @JsonProperty("start-over") START_OVER(TrainerContract.ON_UNRESTORABLE_START_OVER);

  private final String value;

  OnUnrestorable(String value) {
    this.value = value;
  }

  /** The spelling used in manifests and in the trainer contract. */
  public String value() {
    return value;
  }
}
