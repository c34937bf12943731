package dev.segtpu.trainer.telemetry;

import java.util.Locale;

/** What the trainer is doing, as reported in the JSON status ("phase"). */
public enum TrainerPhase {
  INITIALIZING, RESTORING, TRAINING, CHECKPOINTING, EVALUATING, EXPORTING, DONE, FAILED;

  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }
}
