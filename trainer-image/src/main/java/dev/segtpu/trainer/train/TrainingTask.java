package dev.segtpu.trainer.train;

import dev.segtpu.trainer.input.DataPosition;
import dev.segtpu.trainer.input.Shard;
import java.io.IOException;
import java.nio.file.Path;
import org.tensorflow.Session;

/**
 * The model-specific part of training: the graph, how a batch reaches it, how the model is evaluated and
 * exported. The loop ({@link TrainingLoop}) owns everything else (schedule, checkpoints, signals,
 * telemetry), the same for DeepLab v3+ and Mask R-CNN.
 */
public interface TrainingTask extends AutoCloseable {

  /** Human-readable summary for logs. */
  String description();

  ModelGraph graph();

  /**
   * Training batches from {@code start} (this worker's share of each global batch): the batches an
   * uninterrupted run sees from there.
   */
  StepBatches training(DataPosition start, Shard shard);

  /** One pass over the evaluation split through the inference tower. */
  Evaluation evaluate(Session session, long step) throws InterruptedException;

  /** Writes the inference tower as a SavedModel at {@code target}, whole or not at all. */
  Path export(Session session, Path target) throws IOException;

  @Override
  void close();

  /** An endless stream of training batches. */
  interface StepBatches extends AutoCloseable {

    StepBatch next() throws InterruptedException;

    long examplesPerEpoch();

    @Override
    void close();
  }

  /** One batch, ready to feed a training step. */
  interface StepBatch extends AutoCloseable {

    /** Examples in this worker's share. */
    int size();

    /** Epoch and position of the global batch's first example. */
    long epoch();

    long position();

    /** How long the loop waited for this batch. */
    long waitNanos();

    /**
     * Adds this batch's inputs to a runner of the training step. A model may run {@code session} first to
     * compute them (Mask R-CNN's proposals); the tensors fed stay open until {@link #close()}.
     */
    Session.Runner feed(Session session, Session.Runner runner);

    @Override
    void close();
  }
}
