package dev.segtpu.trainer.distributed;

import dev.segtpu.trainer.train.Replicas;
import dev.segtpu.trainer.train.StepSignals;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;

/**
 * Synchronous data parallelism over TensorFlow's collectives. Each step, one all-reduce carries every
 * gradient, flattened into one bucket (many small collectives cost far more than one large one), with
 * the workers' step signals appended; every replica applies the mean gradient, so replicas that start
 * alike stay bit-identical (a ring all-reduce hands every worker the same sums). At each checkpoint a
 * second, tiny all-reduce compares the replicas' weight digests, which also makes it a barrier: no
 * worker passes it before all reached the same step.
 */
public final class ReplicaSync implements Replicas {

  static final int GRADIENTS_INSTANCE = 1;
  static final int DIGEST_INSTANCE = 2;
  /** A digest is compared as four 16-bit chunks: doubles hold them exactly, and Max of x and -x gives max and -min. */
  private static final int CHUNKS = 4;

  private final PeerGroup group;
  private Placeholder<TFloat32> signals;
  private Operand<TFloat32> agreedSignals;
  private Placeholder<TFloat64> digest;
  private Operand<TFloat64> digestExtremes;
  private long bucketElements;

  public ReplicaSync(PeerGroup group) {
    this.group = group;
  }

  @Override
  public int size() {
    return group.size();
  }

  @Override
  public boolean leader() {
    return group.leader();
  }

  /** Gradient elements (plus signals) all-reduced per step: four bytes each. */
  public long bucketElements() {
    return bucketElements;
  }

  @Override
  public List<Operand<TFloat32>> exchange(Ops tf, Graph graph, List<Operand<TFloat32>> gradients) {
    Ops sync = tf.withSubScope("replica_sync");
    signals = sync.withName("signals").placeholder(TFloat32.class, Placeholder.shape(Shape.of(StepSignals.COUNT)));
    List<Operand<TFloat32>> flat = new ArrayList<>();
    List<Shape> shapes = new ArrayList<>();
    long[] sizes = new long[gradients.size() + 1];
    for (int i = 0; i < gradients.size(); i++) {
      Shape shape = gradients.get(i).shape();
      if (shape.isUnknown() || shape.hasUnknownDimension()) {
        throw new IllegalStateException("gradient " + i + " has no static shape: " + shape);
      }
      shapes.add(shape);
      sizes[i] = shape.size();
      flat.add(sync.reshape(gradients.get(i), sync.constant(new long[] {-1})));
    }
    sizes[gradients.size()] = StepSignals.COUNT;
    flat.add(signals);
    Operand<TFloat32> bucket = sync.concat(flat, sync.constant(0));
    bucketElements = java.util.Arrays.stream(sizes).sum();
    Operand<TFloat32> summed = CollectiveOps.allReduce(sync, graph, bucket, group, GRADIENTS_INSTANCE, "Add", "all_reduce");
    var parts = sync.splitV(summed, sync.constant(sizes), sync.constant(0), (long) sizes.length);
    Operand<TFloat32> mean = sync.constant(1f / group.size());
    List<Operand<TFloat32>> reduced = new ArrayList<>();
    for (int i = 0; i < gradients.size(); i++) {
      @SuppressWarnings("unchecked")
      Operand<TFloat32> part = (Operand<TFloat32>) parts.output().get(i);
      reduced.add(sync.math.mul(sync.reshape(part, sync.constant(shapes.get(i).asArray())), mean));
    }
    @SuppressWarnings("unchecked")
    Operand<TFloat32> agreed = (Operand<TFloat32>) parts.output().get(gradients.size());
    agreedSignals = sync.withName("agreed_signals").identity(agreed);

    digest = sync.withName("digest").placeholder(TFloat64.class, Placeholder.shape(Shape.of(2 * CHUNKS)));
    digestExtremes = CollectiveOps.allReduce(sync, graph, digest, group, DIGEST_INSTANCE, "Max", "digest_max");
    return reduced;
  }

  @Override
  public StepAgreement step(Session.Runner runner, StepSignals mine, int fetchIndex) {
    TFloat32 fed = TFloat32.vectorOf(mine.encode());
    runner.feed(signals, fed).fetch(agreedSignals);
    return result -> {
      fed.close();
      TFloat32 sum = (TFloat32) result.get(fetchIndex);
      float[] values = new float[StepSignals.COUNT];
      for (int i = 0; i < values.length; i++) {
        values[i] = sum.getFloat(i);
      }
      return StepSignals.fromSum(values);
    };
  }

  @Override
  public boolean sameWeights(Session session, String hexDigest) {
    double[] chunks = chunks(hexDigest);
    double[] both = new double[2 * CHUNKS];
    for (int i = 0; i < CHUNKS; i++) {
      both[i] = chunks[i];
      both[CHUNKS + i] = -chunks[i];
    }
    try (TFloat64 fed = TFloat64.vectorOf(both);
         var result = session.runner().feed(digest, fed).fetch(digestExtremes).run()) {
      TFloat64 extremes = (TFloat64) result.get(0);
      for (int i = 0; i < CHUNKS; i++) {
        if (extremes.getDouble(i) != -extremes.getDouble(CHUNKS + i)) {
          return false;
        }
      }
      return true;
    }
  }

  /** The digest's first 64 bits as four 16-bit numbers. */
  static double[] chunks(String hexDigest) {
    byte[] bytes = HexFormat.of().parseHex(hexDigest);
    double[] chunks = new double[CHUNKS];
    for (int i = 0; i < CHUNKS; i++) {
      chunks[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
    }
    return chunks;
  }
}
