package dev.segtpu.trainer.model;

/** Whether a tower of the graph trains (batch statistics, moving-average updates) or infers (moving averages). */
public enum Mode {
  TRAINING,
  INFERENCE
}
