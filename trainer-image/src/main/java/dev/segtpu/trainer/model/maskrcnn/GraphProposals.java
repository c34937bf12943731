package dev.segtpu.trainer.model.maskrcnn;

import dev.segtpu.trainer.model.maskrcnn.targets.AnchorLevel;
import dev.segtpu.trainer.model.maskrcnn.targets.Anchors;
import dev.segtpu.trainer.model.maskrcnn.targets.Box;
import dev.segtpu.trainer.model.maskrcnn.targets.BoxCoder;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.TopK;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Region proposals of one image (batch 1) as graph ops, so that an exported SavedModel proposes by itself: the
 * inference counterpart of {@link ProposalGenerator} (the reference's {@code roi_ops.multilevel_propose_rois}
 * with {@code _propose_rois_tpu}), step for step the same. Per level: TopKV2 of the objectness logits (sorted;
 * equal logits keep anchor order, as the Java generator's stable sort), the deltas decoded against their
 * anchors with {@link BoxCoder#RPN} ({@link GraphBoxCoder}: {@code SIZE_CLIP} and the pixel-inclusive {@code
 * -1}), clipped to the image, boxes whose pixel-inclusive height or width is under {@code minSize} dropped,
 * then NonMaxSuppressionV5 keeping at most {@code min(level's top k, postNmsTopK)}; the levels' survivors are
 * concatenated in level order and TopKV2 keeps the {@code postNmsTopK} highest.
 *
 * <p>Dropping small boxes: their ranking score is set to {@code -inf} and NMS is given a score threshold of
 * {@code -Float.MAX_VALUE}, below which NMS never considers a box, so they are neither selected nor suppress
 * anything: exactly the Java generator's removal before NMS, without a data-dependent mask.
 *
 * <p>Ranking uses the logits themselves, the sigmoid is applied to the kept ones only: the sigmoid is monotone,
 * so the order is the Java generator's, and float32 sigmoids that round to 1 cannot create ties the generator
 * (double) does not have.
 *
 * <p>Deviations from the Java generator: float32 arithmetic where it uses double (the tests find the boxes
 * within 1e-3 pixel); TensorFlow's NMS suppresses a box whose IoU with a kept one is strictly above the
 * threshold, where {@link NonMaxSuppression} (and the reference's {@code sorted_non_max_suppression_padded})
 * suppress at or above it, which differs only for an IoU of exactly {@code nmsThreshold}. One image only: the
 * head's outputs must have batch 1.
 *
 * @param preNmsTopK the reference's {@code rpn_pre_nms_topn}, per level
 * @param postNmsTopK {@code rpn_post_nms_topn}, over all levels
 * @param nmsThreshold {@code rpn_nms_threshold}
 * @param minSize the smallest pixel-inclusive height and width kept, in input pixels
 */
public record GraphProposals(int preNmsTopK, int postNmsTopK, double nmsThreshold, double minSize) {

  /** The reference's test settings: 1000 per level, 1000 in all, NMS at 0.7, boxes at least a pixel. */
  public static final GraphProposals TEST = new GraphProposals(1000, 1000, 0.7, 1.0);

  /** Proposals [P, 4] (ymin, xmin, ymax, xmax in input pixels), highest score first, and their scores [P]. */
  public record Proposals(Operand<TFloat32> boxes, Operand<TFloat32> scores) {}

  /** The same settings as a host-side {@link ProposalGenerator}. */
  public ProposalGenerator onHost() {
    return new ProposalGenerator(preNmsTopK, postNmsTopK, nmsThreshold, minSize);
  }

  /** The proposal boxes [P, 4], P ≤ {@code postNmsTopK}, highest score first. */
  public Operand<TFloat32> build(Ops tf, RpnHead.Outputs outputs, Anchors anchors) {
    return propose(tf, outputs, anchors).boxes();
  }

  /** The proposal boxes and their objectness (the sigmoid of the logit), highest first. */
  public Proposals propose(Ops tf, RpnHead.Outputs outputs, Anchors anchors) {
    List<Operand<TFloat32>> boxes = new ArrayList<>();
    List<Operand<TFloat32>> logits = new ArrayList<>();
    for (AnchorLevel level : anchors.levels()) {
      Operand<TFloat32> levelLogits = tf.reshape(outputs.scores().get(level.level()), tf.constant(new int[] {-1}));
      Operand<TFloat32> levelDeltas = tf.reshape(outputs.boxes().get(level.level()), tf.constant(new int[] {-1, 4}));
      Survivors survivors = level(tf, level, levelAnchors(tf, anchors, level), levelLogits, levelDeltas, anchors);
      boxes.add(survivors.boxes());
      logits.add(survivors.logits());
    }
    Operand<TFloat32> mergedBoxes = tf.concat(boxes, tf.constant(0));
    Operand<TFloat32> mergedLogits = tf.concat(logits, tf.constant(0));
    Operand<TInt32> k = tf.math.minimum(tf.constant(postNmsTopK), tf.size(mergedLogits));
    TopK<TFloat32, TInt32> top = tf.nn.topK(mergedLogits, k, new TopK.Options[] {TopK.sorted(true)});
    return new Proposals(tf.gather(mergedBoxes, top.indices(), tf.constant(0)), tf.math.sigmoid(top.values()));
  }

  /** One level's NMS survivors, highest logit first. */
  private record Survivors(Operand<TFloat32> boxes, Operand<TFloat32> logits) {}

  private Survivors level(Ops tf, AnchorLevel level, Operand<TFloat32> levelAnchors, Operand<TFloat32> logits,
      Operand<TFloat32> deltas, Anchors anchors) {
    int topK = Math.min(preNmsTopK, level.count());
    TopK<TFloat32, TInt32> top = tf.nn.topK(logits, tf.constant(topK), new TopK.Options[] {TopK.sorted(true)});
    Operand<TFloat32> decoded = new GraphBoxCoder(BoxCoder.RPN).decode(tf, gatherRows(tf, deltas, top.indices()),
        gatherRows(tf, levelAnchors, top.indices()));
    Operand<TFloat32> clipped = GraphBoxCoder.clip(tf, decoded, anchors.imageHeight(), anchors.imageWidth());
    Operand<TFloat32> ranked = tf.select(largeEnough(tf, clipped), top.values(),
        tf.fill(tf.shape(top.values()), tf.constant(Float.NEGATIVE_INFINITY)));
    org.tensorflow.op.image.NonMaxSuppression<TFloat32> nms = tf.image.nonMaxSuppression(clipped, ranked,
        tf.constant(Math.min(topK, postNmsTopK)), tf.constant((float) nmsThreshold), tf.constant(-Float.MAX_VALUE),
        tf.constant(0f), org.tensorflow.op.image.NonMaxSuppression.padToMaxOutputSize(false));
    return new Survivors(gatherRows(tf, clipped, nms.selectedIndices()), gatherRows(tf, top.values(), nms.selectedIndices()));
  }

  /** Pixel-inclusive height and width both at least {@code minSize}, as the Java generator's test. */
  private Operand<TBool> largeEnough(Ops tf, Operand<TFloat32> boxes) {
    List<Operand<TFloat32>> c = GraphBoxCoder.coordinates(tf, boxes);
    Operand<TFloat32> one = tf.constant(1f);
    Operand<TFloat32> least = tf.constant((float) minSize);
    Operand<TBool> tallEnough = tf.math.greaterEqual(tf.math.add(tf.math.sub(c.get(2), c.get(0)), one), least);
    Operand<TBool> wideEnough = tf.math.greaterEqual(tf.math.add(tf.math.sub(c.get(3), c.get(1)), one), least);
    return tf.math.logicalAnd(tallEnough, wideEnough);
  }

  private static Operand<TFloat32> levelAnchors(Ops tf, Anchors anchors, AnchorLevel level) {
    float[][] values = new float[level.count()][];
    for (int a = 0; a < level.count(); a++) {
      Box box = anchors.boxes().get(level.offset() + a);
      values[a] = new float[] {(float) box.ymin(), (float) box.xmin(), (float) box.ymax(), (float) box.xmax()};
    }
    return tf.constant(values);
  }

  private static Operand<TFloat32> gatherRows(Ops tf, Operand<TFloat32> values, Operand<TInt32> rows) {
    return tf.gather(values, rows, tf.constant(0));
  }
}
