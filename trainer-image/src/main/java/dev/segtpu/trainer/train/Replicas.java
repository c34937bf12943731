package dev.segtpu.trainer.train;

import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The replicas of the model that train together, one per worker, and how they stay one model: what
 * the training graph does with its gradients before applying them, how a step's decisions (stop,
 * checkpoint) become the same on every worker, and whether every replica holds the same weights.
 * A single worker is its own group ({@link #SINGLE}).
 */
public interface Replicas {

  /** Workers in the group. */
  int size();

  /** Whether this worker writes for the group (checkpoints, the step log, evaluations, the export). */
  boolean leader();

  /** The gradients every replica applies, built into the training graph from this replica's own. */
  List<Operand<TFloat32>> exchange(Ops tf, Graph graph, List<Operand<TFloat32>> gradients);

  /**
   * Adds this worker's signals to a training step's run (after the fetches the caller added first,
   * {@code fetchIndex} of them) and returns how to read the signals all workers agreed on from its result.
   */
  StepAgreement step(Session.Runner runner, StepSignals mine, int fetchIndex);

  /**
   * Whether every replica's weights have this worker's {@code digest}; returns only once every worker
   * asked, so it is also a barrier.
   */
  boolean sameWeights(Session session, String digest);

  /** Reads the agreed signals from a step's result. */
  @FunctionalInterface
  interface StepAgreement {
    StepSignals read(Result result);
  }

  /** One worker: gradients as they are, its own signals, its own weights. */
  Replicas SINGLE = new Replicas() {
    @Override
    public int size() {
      return 1;
    }

    @Override
    public boolean leader() {
      return true;
    }

    @Override
    public List<Operand<TFloat32>> exchange(Ops tf, Graph graph, List<Operand<TFloat32>> gradients) {
      return gradients;
    }

    @Override
    public StepAgreement step(Session.Runner runner, StepSignals mine, int fetchIndex) {
      return result -> mine;
    }

    @Override
    public boolean sameWeights(Session session, String digest) {
      return true;
    }
  };
}
