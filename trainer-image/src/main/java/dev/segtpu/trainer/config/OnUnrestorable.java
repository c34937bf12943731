package dev.segtpu.trainer.config;

import dev.segtpu.contract.TrainerContract;

/**
 * What the trainer does when its directory holds committed checkpoints but none restores
 * (SEGTPU_CHECKPOINT_ON_UNRESTORABLE). Failing is the default because starting over silently would let
 * keep-N delete the damaged checkpoints, the only evidence of what went wrong.
 */
public enum OnUnrestorable {
  /** Exit 5 naming each checkpoint's damage; the operator fails the job without retrying. */
  FAIL(TrainerContract.ON_UNRESTORABLE_FAIL),
  /** Train from step 0, as the user chose after looking at the damage. */
  START_OVER(TrainerContract.ON_UNRESTORABLE_START_OVER);

  private final String contractName;

  OnUnrestorable(String contractName) {
    this.contractName = contractName;
  }

  public String contractName() {
    return contractName;
  }

  public static OnUnrestorable fromContractName(String name) {
    for (OnUnrestorable value : values()) {
      if (value.contractName.equals(name)) {
        return value;
      }
    }
    throw new IllegalArgumentException("unknown value '" + name + "'");
  }
}
