package dev.segtpu.trainer.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
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
 * Builds the layers of one tower (training or inference) of a convolutional network in NHWC.
 *
 * <p>Convolutions are matrix products of patches where those are small enough ({@link PatchConvolution},
 * which takes any stride and rate); the others are TensorFlow's Conv2D, and atrous ones are built as
 * SpaceToBatchND, a plain VALID convolution and BatchToSpaceND: TensorFlow's dilated Conv2D and
 * DepthwiseConv2dNative compute the right forward pass but silently wrong gradients in this build.
 * Taps that can only read padding are not built (an atrous rate past the map leaves the centre tap).
 *
 * <p>A tower also counts its forward multiply-add FLOPs from the static layer shapes (for the
 * benchmark) and collects the batch-norm moving-average updates a training step must run.
 */
public final class Layers {

  static final float BN_EPSILON = 1e-5f;

  private final Ops tf;
  private final ParameterStore parameters;
  private final Mode mode;
  private final float batchNormDecay;
  private final String prefix;
  private final Tower tower;
  private final Activations activations;

  /** What all the scoped views of one tower share. */
  private static final class Tower {
    long forwardFlops;
    final List<Op> batchNormUpdates = new ArrayList<>();
    Operand<TFloat32> noStatistics;
    /** Null unless the tower is cut into segments ({@link #withSegments}). */
    List<Segment> segments;
    /** Which segments, by index, recompute their activations in the backward pass. */
    IntPredicate recomputed;
    /** Largest patch matrix a k×k convolution may build ({@link PatchConvolution}). */
    long maxPatchBytes = PatchConvolution.DEFAULT_MAX_BYTES;

    Tower sameSettings() {
      Tower tower = new Tower();
      tower.maxPatchBytes = maxPatchBytes;
      return tower;
    }
  }

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
      tower.segments = new ArrayList<>();
      tower.recomputed = recomputed;
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
    return tower.segments == null ? List.of() : Collections.unmodifiableList(tower.segments);
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
    if (tower.segments == null || !sources.stream().allMatch(this::segmentCanStartFrom)) {
      return body.apply(this, sources);
    }
    int known = parameters.all().size();
    long flopsBefore = tower.forwardFlops;
    List<Operand<TFloat32>> inputs = new ArrayList<>();
    sources.forEach(x -> inputs.add(tf.identity(x)));
    Layers segment = new Layers(tf, parameters, mode, batchNormDecay, prefix, tower, activations);
    Operand<TFloat32> result = body.apply(segment, inputs);
    Operand<TFloat32> output = tf.stopGradient(result);
    List<Parameter> created = new ArrayList<>();
    parameters.all().stream().skip(known).filter(p -> p.role().trainable()).forEach(created::add);
    int index = tower.segments.size();
    tower.segments.add(new Segment(index, List.copyOf(sources), inputs, result, output, created,
        tower.forwardFlops - flopsBefore, tower.recomputed.test(index), this, body));
    return output;
  }

  /**
   * A segment's input must be another segment's output, or (before the first segment) independent of
   * the variables: the backward pass can only hand the input's gradient to another segment. Otherwise
   * (ResNet's ASPP and decoder, whose inputs come from a backbone without segments) the layers are
   * ordinary ones.
   */
  private boolean segmentCanStartFrom(Operand<TFloat32> source) {
    for (Segment s : tower.segments) {
      if (s.output().asOutput().equals(source.asOutput())) {
        return true;
      }
    }
    return tower.segments.isEmpty() && !Segment.readsVariables(source);
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
    return tower.forwardFlops;
  }

  /** Moving-average assign ops of this tower's batch norms (empty for an inference tower). */
  public List<Op> batchNormUpdates() {
    return Collections.unmodifiableList(tower.batchNormUpdates);
  }

  /**
   * k×k convolution (no bias) with SAME padding, stride, and atrous rate: a matrix product
   * ({@link PatchConvolution}) for 1×1 and where the patch matrix is small enough, else TensorFlow's Conv2D.
   */
  public Operand<TFloat32> conv(String name, Operand<TFloat32> x, int kernel, int outChannels, int stride, int rate) {
    long in = channels(x);
    Parameter w = parameters.kernel(prefix + name + "/weights", Shape.of(kernel, kernel, in, outChannels), kernel * kernel * in);
    boolean centreOnly = onlyCentreTapReachesTheImage(x, kernel, stride, rate);
    Operand<TFloat32> weights = centreOnly ? centreTap(w.variable(), kernel) : w.variable();
    int k = centreOnly ? 1 : kernel;
    // 1×1 always as a product: with oneDNN, Conv2D's input gradient is wrong for some channel counts.
    Operand<TFloat32> y = k == 1 || PatchConvolution.fits(x.shape(), k, stride, tower.maxPatchBytes)
        ? PatchConvolution.apply(tf, x, weights, k, stride, centreOnly ? 1 : rate)
        : atrous(x, k, rate, stride,
            input -> tf.nn.conv2d(input, weights, strides(rate == 1 ? stride : 1), rate == 1 ? "SAME" : "VALID"));
    countFlops(y, 2L * k * k * in);
    return y;
  }

  /** k×k depthwise convolution (channel multiplier 1) with SAME padding, stride, and atrous rate. */
  public Operand<TFloat32> depthwise(String name, Operand<TFloat32> x, int kernel, int stride, int rate) {
    long in = channels(x);
    Parameter w = parameters.kernel(prefix + name + "/depthwise_weights", Shape.of(kernel, kernel, in, 1), (long) kernel * kernel);
    if (onlyCentreTapReachesTheImage(x, kernel, stride, rate)) {
      Operand<TFloat32> y = tf.math.mul(x, tf.reshape(centreTap(w.variable(), kernel), tf.constant(new int[] {(int) in})));
      countFlops(y, 2L);
      return y;
    }
    Operand<TFloat32> y = atrous(x, kernel, rate, stride,
        input -> tf.nn.depthwiseConv2dNative(input, w.variable(), strides(rate == 1 ? stride : 1), rate == 1 ? "SAME" : "VALID"));
    countFlops(y, 2L * kernel * kernel);
    return y;
  }

  /**
   * Whether every tap but the centre one reads only SAME padding (zeros): the atrous rate reaches past
   * the map, as ASPP's rate 18 does on the 16×16 map of a 256² crop at output stride 16. The
   * convolution is then exactly a 1×1 one with the centre weights, and the others get the zero
   * gradient they would get anyway; SpaceToBatchND would have built 4×4 phases of a 54×54 padded map
   * (a first step's 200 ms and ~95 MB for ResNet's 2048 channels).
   */
  private static boolean onlyCentreTapReachesTheImage(Operand<TFloat32> x, int kernel, int stride, int rate) {
    return kernel > 1 && stride == 1 && height(x) > 0 && width(x) > 0 && rate >= height(x) && rate >= width(x);
  }

  /** The centre tap of a k×k kernel variable, as a 1×1 kernel [1, 1, in, out]. */
  private Operand<TFloat32> centreTap(Operand<TFloat32> kernel, int size) {
    return tf.slice(kernel, tf.constant(new int[] {size / 2, size / 2, 0, 0}), tf.constant(new int[] {1, 1, -1, -1}));
  }

  /** 1×1 convolution with a bias and no normalisation: the classifier. */
  public Operand<TFloat32> classifier(String name, Operand<TFloat32> x, int classes) {
    Operand<TFloat32> y = conv(name, x, 1, classes, 1, 1);
    Parameter b = parameters.constant(prefix + name + "/biases", Shape.of(classes), ParameterRole.BIAS, 0f);
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
      // x·scale + shift with per-channel scale = γ/√(σ²+ε), shift = β − μ·scale: the same batch norm as
      // FusedBatchNormV3 with is_training=false, whose CPU kernel made inference runs 3–7× slower
      // (TrainingBenchmark's inference column; InferenceBatchNormTest compares the two forms).
      Operand<TFloat32> scale = tf.math.mul(gamma, tf.math.rsqrt(tf.math.add(movingVariance, tf.constant(BN_EPSILON))));
      return tf.math.add(tf.math.mul(x, scale), tf.math.sub(beta, tf.math.mul(movingMean, scale)));
    }
    Operand<TFloat32> empty = noStatistics();
    FusedBatchNorm<TFloat32, TFloat32> bn = tf.nn.fusedBatchNorm(x, gamma, beta, empty, empty,
        FusedBatchNorm.isTraining(true), FusedBatchNorm.epsilon(BN_EPSILON));
    tower.batchNormUpdates.add(movingAverageUpdate(movingMean, bn.batchMean()));
    tower.batchNormUpdates.add(movingAverageUpdate(movingVariance, bn.batchVariance()));
    return bn.y();
  }

  /**
   * The empty mean and variance a training-mode batch norm takes, made in the graph: an empty tensor
   * made from Java has no data pointer under TensorFlow's BFC allocator, which TensorFlow Java rejects.
   */
  private Operand<TFloat32> noStatistics() {
    if (tower.noStatistics == null) {
      tower.noStatistics = tf.fill(tf.constant(new int[] {0}), tf.constant(0f));
    }
    return tower.noStatistics;
  }

  /** average -= (1 - decay) * (average - value), the update slim's batch norm runs. */
  private Op movingAverageUpdate(Operand<TFloat32> average, Operand<TFloat32> value) {
    Operand<TFloat32> delta = tf.math.mul(tf.math.sub(average, tf.stopGradient(value)), tf.constant(1f - batchNormDecay));
    return tf.assignSub(average, delta);
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
   * directly because TensorFlow Java only offers MaxPoolV2, whose gradient MaxPoolGradV2 runs without
   * oneDNN: 38–55 ms of a traced ResNet-50 256² b4 step, against 3–4 ms for MaxPoolGrad (StepProfile).
   */
  public Operand<TFloat32> maxPool(Operand<TFloat32> x) {
    return tf.scope().opBuilder("MaxPool", "MaxPool").addInput(x.asOutput())
        .setAttr("ksize", new long[] {1, 3, 3, 1}).setAttr("strides", new long[] {1, 2, 2, 1})
        .setAttr("padding", "SAME").build().output(0);
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

  private interface ValidConv {
    Operand<TFloat32> apply(Operand<TFloat32> input);
  }

  /**
   * Rate 1: the convolution itself. Rate r &gt; 1 (stride must be 1): pad for SAME with the effective
   * kernel k + (k-1)(r-1) plus the extra needed to make the size divisible by r, move r×r phases into
   * the batch, convolve VALID, move them back and crop the extra.
   */
  private Operand<TFloat32> atrous(Operand<TFloat32> x, int kernel, int rate, int stride, ValidConv conv) {
    if (rate == 1) {
      return conv.apply(x);
    }
    if (stride != 1) {
      throw new IllegalArgumentException("atrous convolution needs stride 1, got stride " + stride + " at rate " + rate);
    }
    int padTotal = (kernel - 1) * rate;
    int padBegin = padTotal / 2;
    int padEnd = padTotal - padBegin;
    int extraH = extraForRate(height(x) + padTotal, rate);
    int extraW = extraForRate(width(x) + padTotal, rate);
    Operand<org.tensorflow.types.TInt32> block = tf.constant(new int[] {rate, rate});
    Operand<TFloat32> phases = tf.spaceToBatchNd(x, block,
        tf.constant(new int[][] {{padBegin, padEnd + extraH}, {padBegin, padEnd + extraW}}));
    Operand<TFloat32> convolved = conv.apply(phases);
    return tf.batchToSpaceNd(convolved, block, tf.constant(new int[][] {{0, extraH}, {0, extraW}}));
  }

  private static int extraForRate(long paddedSize, int rate) {
    return (int) ((rate - paddedSize % rate) % rate);
  }

  private static List<Long> strides(int stride) {
    return List.of(1L, (long) stride, (long) stride, 1L);
  }

  /** flopsPerOutput: 2 × multiply-adds per output element. Unknown batch (inference towers): not counted. */
  private void countFlops(Operand<TFloat32> y, long flopsPerOutput) {
    Shape s = y.shape();
    if (!s.hasUnknownDimension()) {
      tower.forwardFlops += s.size() * flopsPerOutput;
    }
  }
}
