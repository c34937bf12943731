package dev.segtpu.trainer.train;

import dev.segtpu.trainer.model.Activations;
import dev.segtpu.trainer.model.Layers;
import dev.segtpu.trainer.model.Mode;
import dev.segtpu.trainer.model.Parameter;
import dev.segtpu.trainer.model.ParameterStore;
import dev.segtpu.trainer.model.SegmentationModel;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * The graph a trainer runs: a training tower (batch-norm batch statistics, loss, gradients of the
 * trainable variables only, momentum updates, moving-average updates, global step) and an inference
 * tower on the same variables (moving averages; used for evaluation and the exported SavedModel). The
 * gradients are applied by {@link UpdateStep}.
 */
public final class TrainingGraph implements ModelGraph {

  private final Graph graph;
  private final ParameterStore parameters;
  private final Placeholder<TFloat32> images;
  private final Placeholder<TInt32> labels;
  private final Placeholder<TFloat32> learningRate;
  private final Operand<TFloat32> loss;
  private final List<Operand<TFloat32>> gradients;
  private final Op trainStep;
  private final Variable<TInt64> globalStep;
  private final Placeholder<TFloat32> inferenceImages;
  private final Operand<TFloat32> inferenceLogits;
  private final Operand<TInt32> inferenceClasses;
  private final long forwardFlops;

  /**
   * @param shape batch size, height and width of training batches (static, so every layer's shape is
   *     known for FLOP counting)
   */
  public TrainingGraph(SegmentationModel model, TrainingShape shape, MomentumSgd optimizer, float batchNormDecay, long seed) {
    this(model, shape, optimizer, batchNormDecay, seed, Activations.PUBLISHED, Recomputation.ALL);
  }

  /**
   * @param recomputation which of the segments the model marks ({@link Layers#segment}) the backward
   *     pass recomputes instead of keeping their activations from the forward pass: less memory
   *     (MobileNetV2 513² b4 ~1.4 GiB all recomputed instead of ~3.9 GiB), more time (its steps
   *     ~20–30 % longer)
   */
  public TrainingGraph(SegmentationModel model, TrainingShape shape, MomentumSgd optimizer, float batchNormDecay, long seed,
                       Activations activations, Recomputation recomputation) {
    this(model, shape, optimizer, batchNormDecay, seed, activations, recomputation, Replicas.SINGLE);
  }

  /**
   * @param replicas what happens to this replica's gradients before they are applied (on several workers,
   *     the all-reduce that makes every replica apply the same mean gradient)
   */
  public TrainingGraph(SegmentationModel model, TrainingShape shape, MomentumSgd optimizer, float batchNormDecay, long seed,
                       Activations activations, Recomputation recomputation, Replicas replicas) {
    graph = new Graph();
    Ops tf = Ops.create(graph);
    parameters = new ParameterStore(tf, seed);
    images = tf.withName("images").placeholder(TFloat32.class, Placeholder.shape(Shape.of(shape.batch(), shape.height(), shape.width(), 3)));
    labels = tf.withName("labels").placeholder(TInt32.class, Placeholder.shape(Shape.of(shape.batch(), shape.height(), shape.width())));
    learningRate = tf.withName("learning_rate").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));

    Layers training = new Layers(tf, parameters, Mode.TRAINING, batchNormDecay, activations);
    if (recomputation.any()) {
      training.withSegments(recomputation::recomputes);
    }
    Operand<TFloat32> logits = model.logits(training, images);
    loss = tf.withName("loss").identity(model.loss(training, logits, labels));
    forwardFlops = training.forwardFlops();

    List<Parameter> trainable = parameters.trainable();
    gradients = new ArrayList<>();
    SegmentedGradients.of(tf, loss, trainable, training.segments()).forEach(g -> gradients.add(castFloat(g)));
    UpdateStep update = UpdateStep.build(tf, graph, trainable, gradients, training.batchNormUpdates(), optimizer, learningRate,
        replicas);
    trainStep = update.trainStep();
    globalStep = update.globalStep();

    Layers inference = new Layers(tf, parameters, Mode.INFERENCE, batchNormDecay, activations);
    inferenceImages = tf.withName("inference_images")
        .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, shape.height(), shape.width(), 3)));
    inferenceLogits = tf.withName("inference_logits").identity(model.logits(inference, inferenceImages));
    inferenceClasses = tf.withName("inference_classes").dtypes.cast(tf.math.argMax(inferenceLogits, tf.constant(3)), TInt32.class);
  }

  @SuppressWarnings("unchecked")
  private static Operand<TFloat32> castFloat(Operand<?> gradient) {
    return (Operand<TFloat32>) gradient;
  }

  @Override
  public void close() {
    graph.close();
  }

  public Graph graph() {
    return graph;
  }

  public ParameterStore parameters() {
    return parameters;
  }

  public Placeholder<TFloat32> images() {
    return images;
  }

  public Placeholder<TInt32> labels() {
    return labels;
  }

  public Placeholder<TFloat32> learningRate() {
    return learningRate;
  }

  public Operand<TFloat32> loss() {
    return loss;
  }

  /** This replica's d loss / d parameter (before any exchange), in the order of {@link ParameterStore#trainable()}. */
  public List<Operand<TFloat32>> gradients() {
    return gradients;
  }

  public Op trainStep() {
    return trainStep;
  }

  public Variable<TInt64> globalStep() {
    return globalStep;
  }

  public Placeholder<TFloat32> inferenceImages() {
    return inferenceImages;
  }

  public Operand<TFloat32> inferenceLogits() {
    return inferenceLogits;
  }

  public Operand<TInt32> inferenceClasses() {
    return inferenceClasses;
  }

  /** Forward FLOPs of one training batch's convolutions; a training step costs about three times this. */
  public long forwardFlops() {
    return forwardFlops;
  }
}
