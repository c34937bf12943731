package dev.segtpu.contract;

/**
 * Where a trainer's non-productive time goes: the keys of {@code badputSeconds} in the status document
 * and the {@code category} label of the trainer's and the operator's badput series. The operator adds
 * its own categories (scheduling, disruption, other) around these.
 */
public enum TrainerBadput {
  STARTUP("startup"),
  CHECKPOINT_RESTORE("checkpointRestore"),
  CHECKPOINT_SAVE("checkpointSave"),
  DATA_WAIT("dataWait"),
  EVALUATION("evaluation");

  private final String key;

  TrainerBadput(String key) {
    this.key = key;
  }

  public String key() {
    return key;
  }
}
