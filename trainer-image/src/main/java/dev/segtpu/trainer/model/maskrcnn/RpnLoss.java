package dev.segtpu.trainer.model.maskrcnn;

import dev.segtpu.trainer.model.HostArrays;
import dev.segtpu.trainer.model.maskrcnn.targets.AnchorLevel;
import dev.segtpu.trainer.model.maskrcnn.targets.LevelTargets;
import dev.segtpu.trainer.model.maskrcnn.targets.RpnTargets;
import java.util.List;
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
   * The loss of {@code outputs} against {@code targets}: one list per image of the batch, each with the
   * targets of every level of the outputs, as {@link RpnTargets#label} gives them.
   */
  public Terms build(Ops tf, RpnHead.Outputs outputs, List<List<LevelTargets>> targets) {
    float normaliser = (float) targets.size() * anchorsPerImage;
    Operand<TFloat32> score = tf.constant(0f);
    Operand<TFloat32> box = tf.constant(0f);
    for (int level : outputs.scores().keySet()) {
      LevelTensors t = LevelTensors.of(tf, targets, level);
      score = tf.math.add(score, sum(tf, tf.math.mul(t.sampled, sigmoidCrossEntropy(tf, outputs.scores().get(level), t.positive))));
      box = tf.math.add(box, sum(tf, tf.math.mul(t.regressed, huber(tf, tf.math.sub(outputs.boxes().get(level), t.boxTargets)))));
    }
    Operand<TFloat32> n = tf.constant(normaliser);
    return new Terms(tf.math.div(score, n), tf.math.div(box, n));
  }

  /** Their sum, the RPN's part of the training loss. */
  public static Operand<TFloat32> total(Ops tf, Terms terms) {
    return tf.math.add(terms.score(), terms.box());
  }

  private static Operand<TFloat32> sigmoidCrossEntropy(Ops tf, Operand<TFloat32> logits, Operand<TFloat32> labels) {
    Operand<TFloat32> softplusOfMinusAbs = tf.math.log1p(tf.math.exp(tf.math.neg(tf.math.abs(logits))));
    return tf.math.add(tf.math.sub(tf.nn.relu(logits), tf.math.mul(logits, labels)), softplusOfMinusAbs);
  }

  private Operand<TFloat32> huber(Ops tf, Operand<TFloat32> difference) {
    Operand<TFloat32> delta = tf.constant((float) huberDelta);
    Operand<TFloat32> absolute = tf.math.abs(difference);
    Operand<TFloat32> quadratic = tf.math.minimum(absolute, delta);
    Operand<TFloat32> linear = tf.math.sub(absolute, quadratic);
    return tf.math.add(tf.math.mul(tf.constant(0.5f), tf.math.square(quadratic)), tf.math.mul(delta, linear));
  }

  private static Operand<TFloat32> sum(Ops tf, Operand<TFloat32> x) {
    return tf.sum(x, tf.constant(new int[] {0, 1, 2, 3}));
  }

  /** One level's targets of the whole batch as constants shaped like the head's outputs. */
  private record LevelTensors(
      Operand<TFloat32> positive, Operand<TFloat32> sampled, Operand<TFloat32> boxTargets, Operand<TFloat32> regressed) {

    static LevelTensors of(Ops tf, List<List<LevelTargets>> batch, int level) {
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
      Shape scores = Shape.of(batch.size(), at.gridHeight(), at.gridWidth(), at.anchorsPerLocation());
      Shape deltas = Shape.of(batch.size(), at.gridHeight(), at.gridWidth(), 4L * at.anchorsPerLocation());
      return new LevelTensors(constant(tf, scores, positive), constant(tf, scores, sampled),
          constant(tf, deltas, boxes), constant(tf, deltas, regressed));
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
