package dev.segtpu.trainer.telemetry;

/** Where non-productive trainer time goes (names as in the JSON status and the Prometheus label). */
public enum BadputCategory {
  STARTUP("startup"),
  CHECKPOINT_RESTORE("checkpointRestore"),
  CHECKPOINT_SAVE("checkpointSave"),
  DATA_WAIT("dataWait"),
  EVALUATION("evaluation");

  private final String key;

  BadputCategory(String key) {
    this.key = key;
  }

  public String key() {
    return key;
  }
}
