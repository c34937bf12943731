package dev.segtpu.trainer.telemetry;

import dev.segtpu.contract.StatusDocument;

/** What the trainer is doing, as reported in the JSON status ("phase"): the contract's phases, in its order. */
public enum TrainerPhase {
  INITIALIZING(StatusDocument.PHASE_INITIALIZING),
  RESTORING(StatusDocument.PHASE_RESTORING),
  TRAINING(StatusDocument.PHASE_TRAINING),
  CHECKPOINTING(StatusDocument.PHASE_CHECKPOINTING),
  EVALUATING(StatusDocument.PHASE_EVALUATING),
  EXPORTING(StatusDocument.PHASE_EXPORTING),
  DONE(StatusDocument.PHASE_DONE),
  FAILED(StatusDocument.PHASE_FAILED);

  private final String json;

  TrainerPhase(String json) {
    this.json = json;
  }

  public String json() {
    return json;
  }
}
