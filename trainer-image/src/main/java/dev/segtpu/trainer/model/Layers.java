package dev.segtpu.trainer.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.IntPredicate;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.image.ResizeBilinear;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.types.TFloat32;

/**
 * Builds the layers of one tower (training or inference) of a convolutional network in NHWC: the
 * vocabulary the models are written in. The ops of convolutions are {@link Convolutions}' and of batch
 * norms {@link BatchNormalization}'s; the tower ({@link Tower}) counts the forward FLOPs, collects the
 * batch-norm moving-average updates a training step must run, and records the segments whose
 * activations the backward pass may recompute ({@link #segment}).
 */
public final class Layers {

  private final Ops tf;
  private final ParameterStore parameters;
  private final Mode mode;
  private final float batchNormDecay;
  private final String prefix;
  private final Tower tower;
  private final Activations activations;

  public Layers(Ops tf, ParameterStore parameters, Mode mode, float batchNormDecay) {
    this(tf, parameters, mode, batchNormDecay, Activations.PUBLISHED);
  }

  public Layers(Ops tf, ParameterStore parameters, Mode mode, float batchNormDecay, Activations activations) {
    this(tf, parameters, mode, batchNormDecay, "", new Tower(), activations);
  }

  private Layers(Ops tf, ParameterStore parameters, Mode mode, float batchNormDecay, String prefix, Tower tower,
                 Activations activations) {
    this.tf = tf;
    this.parameters = parameters;
    this.mode = mode;
    this.batchNormDecay = batchNormDecay;
    this.prefix = prefix;
    this.tower = tower;
    this.activations = activations;
  }

  /**
   * Makes {@link #segment} cut this training tower into segments whose gradients the training graph
   * takes one by one ({@link #segments()}), recomputing the activations of those {@code recomputed}
   * names by index and keeping the others'. Without it, segments are ordinary layers, so graphs that
   * take TensorFlow's gradients directly stay correct.
   */
  public Layers withSegments(IntPredicate recomputed) {
    if (mode == Mode.TRAINING) {
      tower.segments = new Segments(recomputed);
    }
    return this;
  }

  /**
   * Caps the patch matrices of this tower's k×k convolutions ({@link PatchConvolution}); larger ones,
   * and all with 0, use TensorFlow's Conv2D (SpaceToBatchND for atrous rates).
   */
  public Layers withMaxPatchBytes(long bytes) {
    tower.maxPatchBytes = bytes;
    return this;
  }

  /** The segments built so far, in forward order (empty without {@link #withSegments}). */
  public List<Segment> segments() {
    return tower.segments == null ? List.of() : tower.segments.all();
  }

  /**
   * {@code body} applied to {@code x}; with {@link #withSegments}, as a segment whose gradient the
   * training graph takes on its own, so that its activations can be recomputed in the backward pass
   * instead of kept. The result is then a StopGradient: only the training graph's segment-by-segment
   * gradients reach the segment's parameters.
   */
  public Operand<TFloat32> segment(Operand<TFloat32> x, BiFunction<Layers, Operand<TFloat32>, Operand<TFloat32>> body) {
    return segment(List.of(x), (layers, inputs) -> body.apply(layers, inputs.get(0)));
  }

  /** {@link #segment(Operand, BiFunction)} of several inputs. */
  public Operand<TFloat32> segment(List<Operand<TFloat32>> sources, Segment.Body body) {
    if (tower.segments == null || !sources.stream().allMatch(tower.segments::canStartFrom)) {
      return body.apply(this, sources);
    }
    int known = parameters.all().size();
    long flopsBefore = tower.flops.total();
    List<Operand<TFloat32>> inputs = new ArrayList<>();
    sources.forEach(x -> inputs.add(tf.identity(x)));
    Layers segment = new Layers(tf, parameters, mode, batchNormDecay, prefix, tower, activations);
    Operand<TFloat32> result = body.apply(segment, inputs);
    Operand<TFloat32> output = tf.stopGradient(result);
    List<Parameter> created = new ArrayList<>();
    parameters.all().stream().skip(known).filter(p -> p.role().trainable()).forEach(created::add);
    tower.segments.add(sources, inputs, result, output, created, tower.flops.total() - flopsBefore, this, body);
    return output;
  }

  /** The same view for building a segment again: its FLOPs and moving-average updates are not recorded twice. */
  Layers replaying() {
    return new Layers(tf, parameters, mode, batchNormDecay, prefix, tower.sameSettings(), activations);
  }

  /** The same tower with variable names under {@code block/}. */
  public Layers in(String block) {
    return new Layers(tf, parameters, mode, batchNormDecay, prefix + block + "/", tower, activations);
  }

  public Ops tf() {
    return tf;
  }

  public Mode mode() {
    return mode;
  }

  /** Forward FLOPs (2 per multiply-add) of the convolutions built so far in this tower. */
  public long forwardFlops() {
    return tower.flops.total();
  }

  /** Moving-average assign ops of this tower's batch norms (empty for an inference tower). */
  public List<Op> batchNormUpdates() {
    return tower.batchNormUpdates.ops();
  }

  /**
   * k×k convolution (no bias) with SAME padding, stride, and atrous rate ({@link Convolutions#conv}):
   * a matrix product for 1×1 and where the patch matrix is small enough, else TensorFlow's Conv2D.
   */
  public Operand<TFloat32> conv(String name, Operand<TFloat32> x, int kernel, int outChannels, int stride, int rate) {
    long in = channels(x);
    Parameter w = parameters.kernel(prefix + name + "/weights", Shape.of(kernel, kernel, in, outChannels), kernel * kernel * in);
    boolean centreOnly = Convolutions.onlyCentreTapReachesTheImage(x, kernel, stride, rate);
    Operand<TFloat32> weights = centreOnly ? Convolutions.centreTap(tf, w.variable(), kernel) : w.variable();
    int k = centreOnly ? 1 : kernel;
    Operand<TFloat32> y = Convolutions.conv(tf, x, weights, k, stride, centreOnly ? 1 : rate, tower.maxPatchBytes);
    tower.flops.add(y, 2L * k * k * in);
    return y;
  }

  /** k×k depthwise convolution (channel multiplier 1) with SAME padding, stride, and atrous rate. */
  public Operand<TFloat32> depthwise(String name, Operand<TFloat32> x, int kernel, int stride, int rate) {
    long in = channels(x);
    Parameter w = parameters.kernel(prefix + name + "/depthwise_weights", Shape.of(kernel, kernel, in, 1), (long) kernel * kernel);
    if (Convolutions.onlyCentreTapReachesTheImage(x, kernel, stride, rate)) {
      Operand<TFloat32> y = Convolutions.depthwiseCentreTap(tf, x, w.variable(), kernel);
      tower.flops.add(y, 2L);
      return y;
    }
    Operand<TFloat32> y = Convolutions.depthwise(tf, x, w.variable(), kernel, stride, rate);
    tower.flops.add(y, 2L * kernel * kernel);
    return y;
  }

  /** 1×1 convolution with a bias and no normalisation: the classifier. */
  public Operand<TFloat32> classifier(String name, Operand<TFloat32> x, int classes) {
    return biasedConv(name, x, 1, classes);
  }

  /**
   * k×k stride-1 convolution with a bias (zero-initialised) and no normalisation, as
   * {@code tf.layers.conv2d}'s default: the FPN's lateral and output convolutions.
   */
  public Operand<TFloat32> biasedConv(String name, Operand<TFloat32> x, int kernel, int outChannels) {
    Operand<TFloat32> y = conv(name, x, kernel, outChannels, 1, 1);
    Parameter b = parameters.constant(prefix + name + "/biases", Shape.of(outChannels), ParameterRole.BIAS, 0f);
    return tf.nn.biasAdd(y, b.variable());
  }

  public Operand<TFloat32> convBnRelu(String name, Operand<TFloat32> x, int kernel, int outChannels, int stride, int rate) {
    return relu(batchNorm(name + "/BatchNorm", conv(name, x, kernel, outChannels, stride, rate)));
  }

  /**
   * Depthwise-separable convolution as in DeepLab v3+: depthwise k×k (atrous) → BN → ReLU → pointwise
   * 1×1 → BN → ReLU.
   */
  public Operand<TFloat32> separableConvBnRelu(String name, Operand<TFloat32> x, int kernel, int outChannels, int rate) {
    Operand<TFloat32> depth = relu(batchNorm(name + "_depthwise/BatchNorm", depthwise(name + "_depthwise", x, kernel, 1, rate)));
    return convBnRelu(name + "_pointwise", depth, 1, outChannels, 1, 1);
  }

  /**
   * Batch normalisation. Training: batch statistics, and an explicit assign op that moves the moving
   * averages towards them (collected in {@link #batchNormUpdates()}). Inference: the moving averages.
   */
  public Operand<TFloat32> batchNorm(String name, Operand<TFloat32> x) {
    Shape channelsShape = Shape.of(channels(x));
    String scope = prefix + name;
    Operand<TFloat32> gamma = parameters.constant(scope + "/gamma", channelsShape, ParameterRole.BN_SCALE, 1f).variable();
    Operand<TFloat32> beta = parameters.constant(scope + "/beta", channelsShape, ParameterRole.BN_OFFSET, 0f).variable();
    Operand<TFloat32> movingMean = parameters.constant(scope + "/moving_mean", channelsShape, ParameterRole.BN_MOVING_MEAN, 0f).variable();
    Operand<TFloat32> movingVariance =
        parameters.constant(scope + "/moving_variance", channelsShape, ParameterRole.BN_MOVING_VARIANCE, 1f).variable();
    if (mode == Mode.INFERENCE) {
      return BatchNormalization.inference(tf, x, gamma, beta, movingMean, movingVariance);
    }
    FusedBatchNorm<TFloat32, TFloat32> bn = BatchNormalization.training(tf, x, gamma, beta, tower.noStatistics(tf));
    tower.batchNormUpdates.add(tf, movingMean, bn.batchMean(), batchNormDecay);
    tower.batchNormUpdates.add(tf, movingVariance, bn.batchVariance(), batchNormDecay);
    return bn.y();
  }

  /**
   * TensorFlow's Relu. (Building it as ClipByValue, whose gradient keeps a one-byte mask instead of the
   * float input, saved ResNet-50 256² b4 up to ~200 MiB but cost ~5 % of its step: the gradient is five
   * ops, two of them full-size temporaries. MobileNetV2 recomputes most of its segments, where nothing
   * is kept.)
   */
  public Operand<TFloat32> relu(Operand<TFloat32> x) {
    return activations == Activations.PUBLISHED ? tf.nn.relu(x) : tf.nn.elu(x);
  }

  public Operand<TFloat32> relu6(Operand<TFloat32> x) {
    return activations == Activations.PUBLISHED ? tf.nn.relu6(x) : tf.nn.elu(x);
  }

  public Operand<TFloat32> add(Operand<TFloat32> a, Operand<TFloat32> b) {
    return tf.math.add(a, b);
  }

  /**
   * 3×3 max pooling, stride 2, SAME padding, as TensorFlow's MaxPool op (window as attributes), built
   * directly because TensorFlow Java only offers MaxPoolV2, whose gradient MaxPoolGradV2 has no oneDNN
   * kernel and is an order of magnitude slower than MaxPoolGrad ({@code StepProfile} shows it).
   */
  public Operand<TFloat32> maxPool(Operand<TFloat32> x) {
    return maxPool(x, 3, 2, "SAME");
  }

  /** k×k max pooling with a stride and "SAME" or "VALID" padding, as TensorFlow's MaxPool op (see {@link #maxPool(Operand)}). */
  public Operand<TFloat32> maxPool(Operand<TFloat32> x, int kernel, int stride, String padding) {
    return tf.scope().opBuilder("MaxPool", "MaxPool").addInput(x.asOutput())
        .setAttr("ksize", new long[] {1, kernel, kernel, 1}).setAttr("strides", new long[] {1, stride, stride, 1})
        .setAttr("padding", padding).build().output(0);
  }

  /**
   * Nearest-neighbour upsampling by an integer factor, as the Mask R-CNN reference's
   * {@code spatial_transform_ops.nearest_upsampling}: each pixel broadcast to a factor×factor block by a
   * reshape to [b, h, 1, w, 1, c], BroadcastTo and a reshape back. Built from these ops (whose gradients are
   * a reshape and a sum) rather than ResizeNearestNeighbor, whose gradient this project has not checked against
   * finite differences and whose pixel-centre convention would have to match the reference's.
   */
  public Operand<TFloat32> upsampleNearest(Operand<TFloat32> x, int factor) {
    int b = (int) x.shape().size(0);
    int h = (int) height(x);
    int w = (int) width(x);
    int c = (int) channels(x);
    Operand<TFloat32> pixels = tf.reshape(x, tf.constant(new int[] {b, h, 1, w, 1, c}));
    // int32 shapes: BroadcastTo's gradient compares this shape with Shape's int32 output and fails on int64
    Operand<TFloat32> blocks = tf.broadcastTo(pixels, tf.constant(new int[] {b, h, factor, w, factor, c}));
    return tf.reshape(blocks, tf.constant(new int[] {b, h * factor, w * factor, c}));
  }

  /** Mean over height and width, keeping them as 1×1. */
  public Operand<TFloat32> globalAveragePool(Operand<TFloat32> x) {
    return tf.math.mean(x, tf.constant(new int[] {1, 2}), org.tensorflow.op.math.Mean.keepDims(true));
  }

  /** Bilinear resize with aligned corners (DeepLab's convention). */
  public Operand<TFloat32> resize(Operand<TFloat32> x, long height, long width) {
    return tf.image.resizeBilinear(x, tf.constant(new int[] {(int) height, (int) width}), ResizeBilinear.alignCorners(true));
  }

  @SafeVarargs
  public final Operand<TFloat32> concatChannels(Operand<TFloat32>... parts) {
    return tf.concat(Arrays.asList(parts), tf.constant(3));
  }

  public static long channels(Operand<TFloat32> x) {
    return x.shape().size(3);
  }

  public static long height(Operand<TFloat32> x) {
    return x.shape().size(1);
  }

  public static long width(Operand<TFloat32> x) {
    return x.shape().size(2);
  }
}
