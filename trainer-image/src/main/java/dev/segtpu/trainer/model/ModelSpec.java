package dev.segtpu.trainer.model;

/** The shape of a network the trainer builds: what the configuration, the loop and the checkpoints share. */
public interface ModelSpec {

  /** The model's contract name ({@link ModelCatalog}). */
  String architecture();

  /** Classes including background. */
  int numClasses();

  /** Decay of the batch-norm moving averages. */
  float batchNormDecay();
}
