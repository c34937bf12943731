package dev.segtpu.trainer.model.maskrcnn;

import dev.segtpu.trainer.model.Activations;
import dev.segtpu.trainer.model.Layers;
import dev.segtpu.trainer.model.Mode;
import dev.segtpu.trainer.model.Parameter;
import dev.segtpu.trainer.model.ParameterStore;
import dev.segtpu.trainer.model.maskrcnn.targets.AnchorLevel;
import dev.segtpu.trainer.model.maskrcnn.targets.Anchors;
import dev.segtpu.trainer.model.maskrcnn.targets.MaskTargets;
import dev.segtpu.trainer.train.ModelGraph;
import dev.segtpu.trainer.train.MomentumSgd;
import dev.segtpu.trainer.train.Replicas;
import dev.segtpu.trainer.train.UpdateStep;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 * Mask R-CNN's graph: a training tower whose step is fed in two parts, and an inference tower for evaluation
 * and the SavedModel, on the same variables.
 *
 * <p><b>Training.</b> The reference computes proposals inside its graph between the RPN and the RoI heads; here
 * they are computed on the host ({@link ProposalGenerator}, {@code targets.RoiSampler}) between two runs of this
 * graph: the first fetches the RPN's outputs ({@link #rpnScores()}, {@link #rpnBoxes()}) for the batch's images,
 * the second feeds the sampled RoIs and their targets with the same images and runs {@link #trainStep()}. The
 * backbone's forward pass is therefore computed twice per step (TensorFlow Java 1.1.0 has no partial runs);
 * gradients are exactly the reference's, as proposals are constants there too ({@code stop_gradient}).
 *
 * <p>Every input has a fixed shape: {@code roisPerImage} RoIs per image (class target -1 marks a padding slot),
 * {@link MaskRcnnSpec#maskRoisPerImage()} mask RoIs per image (class target 0 marks padding). The loss is the sum
 * of the RPN's score and box losses and the heads' class, box and mask losses, each weighted 1 as in the
 * reference; L2 weight decay is the optimizer's.
 */
public final class MaskRcnnGraph implements ModelGraph {

  private final Graph graph;
  private final MaskRcnnSpec spec;
  private final Anchors anchors;
  private final ParameterStore parameters;
  private final Placeholder<TFloat32> images;
  private final Placeholder<TFloat32> learningRate;
  private final Map<Integer, RpnLoss.LevelInputs> rpnTargets = new TreeMap<>();
  private final Placeholder<TFloat32> rois;
  private final Placeholder<TInt32> roiClasses;
  private final Placeholder<TFloat32> roiBoxTargets;
  private final Placeholder<TFloat32> maskRois;
  private final Placeholder<TInt32> maskClasses;
  private final Placeholder<TFloat32> maskTargets;
  private final RpnHead.Outputs rpn;
  private final Operand<TFloat32> loss;
  private final List<Operand<TFloat32>> lossTerms;
  private final List<Operand<TFloat32>> gradients;
  private final Op trainStep;
  private final Variable<TInt64> globalStep;
  private final long forwardFlops;
  private final MaskRcnnInference inference;

  public MaskRcnnGraph(MaskRcnnSpec spec, int batch, int imageSize, MomentumSgd optimizer, long seed, Replicas replicas) {
    this.spec = spec;
    this.anchors = Anchors.forImage(imageSize, imageSize);
    graph = new Graph();
    Ops tf = Ops.create(graph);
    parameters = new ParameterStore(tf, seed);
    MaskRcnnNetwork network = new MaskRcnnNetwork(spec);
    images = tf.withName("images").placeholder(TFloat32.class, Placeholder.shape(Shape.of(batch, imageSize, imageSize, 3)));
    learningRate = tf.withName("learning_rate").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
    for (AnchorLevel level : anchors.levels()) {
      Shape scores = RpnLoss.LevelArrays.shapeOfScores(batch, level);
      Shape deltas = RpnLoss.LevelArrays.shapeOfDeltas(batch, level);
      String prefix = "rpn_targets_l" + level.level() + "_";
      rpnTargets.put(level.level(), new RpnLoss.LevelInputs(
          tf.withName(prefix + "positive").placeholder(TFloat32.class, Placeholder.shape(scores)),
          tf.withName(prefix + "sampled").placeholder(TFloat32.class, Placeholder.shape(scores)),
          tf.withName(prefix + "box_targets").placeholder(TFloat32.class, Placeholder.shape(deltas)),
          tf.withName(prefix + "regressed").placeholder(TFloat32.class, Placeholder.shape(deltas))));
    }
    int roisPerImage = spec.roisPerImage();
    int maskRoisPerImage = spec.maskRoisPerImage();
    rois = tf.withName("rois").placeholder(TFloat32.class, Placeholder.shape(Shape.of(batch, roisPerImage, 4)));
    roiClasses = tf.withName("roi_classes").placeholder(TInt32.class, Placeholder.shape(Shape.of(batch * roisPerImage)));
    roiBoxTargets = tf.withName("roi_box_targets").placeholder(TFloat32.class, Placeholder.shape(Shape.of(batch * roisPerImage, 4)));
    maskRois = tf.withName("mask_rois").placeholder(TFloat32.class, Placeholder.shape(Shape.of(batch, maskRoisPerImage, 4)));
    maskClasses = tf.withName("mask_classes").placeholder(TInt32.class, Placeholder.shape(Shape.of(batch * maskRoisPerImage)));
    int r = MaskTargets.RESOLUTION;
    maskTargets = tf.withName("mask_targets").placeholder(TFloat32.class, Placeholder.shape(Shape.of(batch * maskRoisPerImage, r, r)));

    Layers training = new Layers(tf, parameters, Mode.TRAINING, spec.batchNormDecay(), Activations.PUBLISHED);
    MaskRcnnNetwork.Features features = network.features(training, images);
    rpn = features.rpn();
    MultilevelRoiAlign roiAlign = new MultilevelRoiAlign(tf, features.pyramid());
    BoxHead.Outputs boxes = network.boxHead(training, roiAlign, rois);
    Operand<TFloat32> masks = network.maskHead(training, parameters, roiAlign, maskRois);
    forwardFlops = training.forwardFlops();

    RpnLoss.Terms rpnLoss = RpnLoss.REFERENCE.build(tf, rpn, rpnTargets, batch);
    int classes = spec.numClasses();
    lossTerms = List.of(
        tf.withName("loss_rpn_score").identity(rpnLoss.score()),
        tf.withName("loss_rpn_box").identity(rpnLoss.box()),
        tf.withName("loss_class").identity(HeadLosses.classLoss(tf, boxes.classLogits(), roiClasses, classes)),
        tf.withName("loss_box").identity(HeadLosses.boxLoss(tf, boxes.boxDeltas(), roiBoxTargets, roiClasses, classes)),
        tf.withName("loss_mask").identity(HeadLosses.maskLoss(tf, masks, maskTargets, maskClasses, classes)));
    loss = tf.withName("loss").identity(tf.math.addN(lossTerms));

    List<Parameter> trainable = parameters.trainable();
    gradients = new ArrayList<>();
    tf.gradients(loss, trainable.stream().map(p -> (Operand<?>) p.variable()).toList()).dy()
        .forEach(g -> gradients.add(castFloat(g)));
    UpdateStep update = UpdateStep.build(tf, graph, trainable, gradients, training.batchNormUpdates(), optimizer, learningRate,
        replicas);
    trainStep = update.trainStep();
    globalStep = update.globalStep();

    Layers inferenceLayers = new Layers(tf, parameters, Mode.INFERENCE, spec.batchNormDecay(), Activations.PUBLISHED);
    inference = MaskRcnnInference.build(tf, inferenceLayers, parameters, network, anchors, imageSize);
  }

  @SuppressWarnings("unchecked")
  private static Operand<TFloat32> castFloat(Operand<?> gradient) {
    return (Operand<TFloat32>) gradient;
  }

  public MaskRcnnSpec spec() {
    return spec;
  }

  public Anchors anchors() {
    return anchors;
  }

  public Placeholder<TFloat32> images() {
    return images;
  }

  /** The training tower's objectness logits per level, [batch, h, w, anchors]. */
  public Map<Integer, Operand<TFloat32>> rpnScores() {
    return rpn.scores();
  }

  /** The training tower's box deltas per level, [batch, h, w, 4 · anchors]. */
  public Map<Integer, Operand<TFloat32>> rpnBoxes() {
    return rpn.boxes();
  }

  public Map<Integer, RpnLoss.LevelInputs> rpnTargets() {
    return Collections.unmodifiableMap(rpnTargets);
  }

  public Placeholder<TFloat32> rois() {
    return rois;
  }

  public Placeholder<TInt32> roiClasses() {
    return roiClasses;
  }

  public Placeholder<TFloat32> roiBoxTargets() {
    return roiBoxTargets;
  }

  public Placeholder<TFloat32> maskRois() {
    return maskRois;
  }

  public Placeholder<TInt32> maskClasses() {
    return maskClasses;
  }

  public Placeholder<TFloat32> maskTargets() {
    return maskTargets;
  }

  /** RPN score, RPN box, class, box and mask losses, in that order. */
  public List<Operand<TFloat32>> lossTerms() {
    return lossTerms;
  }

  public MaskRcnnInference inference() {
    return inference;
  }

  @Override
  public Graph graph() {
    return graph;
  }

  @Override
  public ParameterStore parameters() {
    return parameters;
  }

  @Override
  public Placeholder<TFloat32> learningRate() {
    return learningRate;
  }

  @Override
  public Operand<TFloat32> loss() {
    return loss;
  }

  @Override
  public List<Operand<TFloat32>> gradients() {
    return gradients;
  }

  @Override
  public Op trainStep() {
    return trainStep;
  }

  @Override
  public Variable<TInt64> globalStep() {
    return globalStep;
  }

  /**
   * Forward FLOPs of the training tower's convolutions and fully connected layers (RoIAlign's interpolation and
   * the losses are not counted); the step also runs the backbone's forward pass once more for the proposals.
   */
  @Override
  public long forwardFlops() {
    return forwardFlops;
  }

  @Override
  public void close() {
    graph.close();
  }
}
