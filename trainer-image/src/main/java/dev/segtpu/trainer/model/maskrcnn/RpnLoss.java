package dev.segtpu.trainer.model.maskrcnn;

import dev.segtpu.trainer.model.HostArrays;
import dev.segtpu.trainer.model.maskrcnn.targets.AnchorLevel;
import dev.segtpu.trainer.model.maskrcnn.targets.LevelTargets;
import dev.segtpu.trainer.model.maskrcnn.targets.RpnTargets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The region proposal network's loss as the reference's {@code losses.py rpn_loss}, summed over the levels:
 *
 * <ul>
 *   <li>objectness ({@code _rpn_score_loss}): sigmoid cross-entropy of the sampled anchors (label 1 or 0;
 *       -1 weighs nothing), summed;
 *   <li>boxes ({@code _rpn_box_loss}): Huber loss with {@code delta 1/9} on every box-target element that is
 *       not zero (the reference's mask {@code box_targets != 0}: every matched anchor, sampled or not, as
 *       {@link LevelTargets} carries them), summed; {@code rpn_box_loss_weight} is 1;
 * </ul>
 *
 * <p>both divided by the reference's normaliser {@code batch_size × rpn_batch_size_per_im}, the number of
 * anchors sampled per batch when an image has enough of them (256 per image), not the number actually
 * sampled. Built from ops whose gradients TensorFlow Java has (Relu, Abs, Exp, Log1p, Minimum, Square, Mul,
 * Sum): there is no SigmoidCrossEntropyWithLogits op, so it is composed as {@code max(x, 0) - x z + log(1 +
 * exp(-|x|))}, and Huber as {@code 0.5 q² + δ (|d| - q)} with {@code q = min(|d|, δ)}, as
 * {@code tf.losses.huber_loss}. Targets enter as constants: the loss has no gradient towards them.
 *
 * @param anchorsPerImage the reference's {@code rpn_batch_size_per_im}
 * @param huberDelta where the box loss turns from quadratic to linear
 */
public record RpnLoss(int anchorsPerImage, double huberDelta) {

  /** 256 sampled anchors per image ({@link RpnTargets#REFERENCE}) and {@code delta 1/9}. */
  public static final RpnLoss REFERENCE = new RpnLoss(RpnTargets.REFERENCE.batchSize(), 1.0 / 9.0);

  /** The two terms, each already normalised. */
  public record Terms(Operand<TFloat32> score, Operand<TFloat32> box) {}

  /**
   * The loss of {@code outputs} against {@code targets} given as constants: one list per image of the batch,
   * each with the targets of every level of the outputs, as {@link RpnTargets#label} gives them.
   */
  public Terms build(Ops tf, RpnHead.Outputs outputs, List<List<LevelTargets>> targets) {
    Map<Integer, LevelInputs> inputs = new TreeMap<>();
    for (int level : outputs.scores().keySet()) {
      inputs.put(level, LevelArrays.of(targets, level).constants(tf));
    }
    return build(tf, outputs, inputs, targets.size());
  }

  /**
   * The loss of {@code outputs} against targets given per level as graph inputs shaped like the head's outputs
   * (placeholders fed with {@link LevelArrays} each step, in training).
   */
  public Terms build(Ops tf, RpnHead.Outputs outputs, Map<Integer, LevelInputs> targets, int batch) {
    float normaliser = (float) batch * anchorsPerImage;
    Operand<TFloat32> score = tf.constant(0f);
    Operand<TFloat32> box = tf.constant(0f);
    for (int level : outputs.scores().keySet()) {
      LevelInputs t = targets.get(level);
      score = tf.math.add(score, sum(tf, tf.math.mul(t.sampled(), ElementwiseLosses.sigmoidCrossEntropy(tf, outputs.scores().get(level), t.positive()))));
      box = tf.math.add(box, sum(tf, tf.math.mul(t.regressed(), ElementwiseLosses.huber(tf, tf.math.sub(outputs.boxes().get(level), t.boxTargets()), (float) huberDelta))));
    }
    Operand<TFloat32> n = tf.constant(normaliser);
    return new Terms(tf.math.div(score, n), tf.math.div(box, n));
  }

  /** Their sum, the RPN's part of the training loss. */
  public static Operand<TFloat32> total(Ops tf, Terms terms) {
    return tf.math.add(terms.score(), terms.box());
  }

  private static Operand<TFloat32> sum(Ops tf, Operand<TFloat32> x) {
    return tf.sum(x, tf.constant(new int[] {0, 1, 2, 3}));
  }

  /**
   * One level's targets as graph inputs: 1 for a positive anchor, 1 for a sampled anchor (positive or negative),
   * the box targets, and 1 for every box-target element that is not zero.
   */
  public record LevelInputs(
      Operand<TFloat32> positive, Operand<TFloat32> sampled, Operand<TFloat32> boxTargets, Operand<TFloat32> regressed) {}

  /** One level's targets of the whole batch on the host, shaped like the head's outputs. */
  public record LevelArrays(Shape scores, Shape deltas, float[] positive, float[] sampled, float[] boxTargets, float[] regressed) {

    public static LevelArrays of(List<List<LevelTargets>> batch, int level) {
      AnchorLevel at = levelOf(batch.get(0), level).level();
      int count = at.count();
      float[] positive = new float[batch.size() * count];
      float[] sampled = new float[positive.length];
      float[] boxes = new float[4 * positive.length];
      float[] regressed = new float[boxes.length];
      for (int image = 0; image < batch.size(); image++) {
        LevelTargets targets = levelOf(batch.get(image), level);
        for (int a = 0; a < count; a++) {
          int label = targets.labels()[a];
          positive[image * count + a] = label == LevelTargets.POSITIVE ? 1f : 0f;
          sampled[image * count + a] = label == LevelTargets.IGNORE ? 0f : 1f;
        }
        for (int k = 0; k < 4 * count; k++) {
          boxes[image * 4 * count + k] = (float) targets.boxTargets()[k];
          regressed[image * 4 * count + k] = targets.boxTargets()[k] != 0 ? 1f : 0f;
        }
      }
      return new LevelArrays(shapeOfScores(batch.size(), at), shapeOfDeltas(batch.size(), at), positive, sampled, boxes, regressed);
    }

    /** {@code [batch, height, width, anchors]}, the level's objectness output. */
    public static Shape shapeOfScores(int batch, AnchorLevel at) {
      return Shape.of(batch, at.gridHeight(), at.gridWidth(), at.anchorsPerLocation());
    }

    /** {@code [batch, height, width, anchors × 4]}, the level's box output. */
    public static Shape shapeOfDeltas(int batch, AnchorLevel at) {
      return Shape.of(batch, at.gridHeight(), at.gridWidth(), 4L * at.anchorsPerLocation());
    }

    LevelInputs constants(Ops tf) {
      return new LevelInputs(constant(tf, scores, positive), constant(tf, scores, sampled),
          constant(tf, deltas, boxTargets), constant(tf, deltas, regressed));
    }

    private static LevelTargets levelOf(List<LevelTargets> image, int level) {
      return image.stream().filter(t -> t.level().level() == level).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("no targets for level " + level));
    }

    private static Operand<TFloat32> constant(Ops tf, Shape shape, float[] values) {
      try (TFloat32 tensor = HostArrays.tensor(shape, values)) {
        return tf.constant(tensor);
      }
    }
  }
}
