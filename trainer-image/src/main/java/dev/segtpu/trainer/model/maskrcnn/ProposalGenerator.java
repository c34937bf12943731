package dev.segtpu.trainer.model.maskrcnn;

import dev.segtpu.trainer.model.maskrcnn.targets.AnchorLevel;
import dev.segtpu.trainer.model.maskrcnn.targets.Anchors;
import dev.segtpu.trainer.model.maskrcnn.targets.Box;
import dev.segtpu.trainer.model.maskrcnn.targets.BoxCoder;
import dev.segtpu.trainer.model.maskrcnn.targets.BoxDelta;
import dev.segtpu.trainer.model.maskrcnn.targets.Boxes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Region proposals from the RPN head's fetched outputs, on the host, as the reference's {@code
 * roi_ops.multilevel_propose_rois} with {@code _propose_rois_tpu}. Per level: sigmoid of the logits, the
 * {@code preNmsTopK} highest ({@code rpn_pre_nms_topn}, per level), decoded against their anchors by {@link
 * BoxCoder#RPN} ({@code bbox_reg_weights None}), clipped to the image ({@code clip_boxes}), boxes whose
 * pixel-inclusive height or width is under {@code minSize} dropped ({@code filter_boxes}: {@code max(rpn_min_size
 * 0, 1) × scale} with scale 1, since proposals live in input pixels), then {@link NonMaxSuppression} keeping at
 * most {@code min(level's top k, postNmsTopK)}. The levels' survivors are merged and the {@code postNmsTopK}
 * highest kept ({@code rpn_post_nms_topn}); equal scores keep level, then within-level order.
 *
 * <p>No gradient flows through proposals: the reference wraps them in {@code stop_gradient}, here they are
 * Java values that reach {@code RoiSampler} and the RoI heads as constants.
 *
 * <p>Deviations: filtered boxes are dropped where the reference zeroes their score and box and lets them
 * occupy top-k slots (they could only win where nothing better is left); {@code filter_boxes}' check that the
 * centre lies inside the image is left out, as it always holds after clipping.
 */
public record ProposalGenerator(int preNmsTopK, int postNmsTopK, double nmsThreshold, double minSize) {

  /** Training: 2000 per level before NMS at IoU 0.7, 1000 in all after it, boxes at least a pixel. */
  public static final ProposalGenerator REFERENCE = new ProposalGenerator(2000, 1000, 0.7, 1.0);

  /**
   * The proposals of one image, highest score first.
   *
   * @param logits per level, in {@link Anchors#levels()} order, the head's {@code [height, width, anchors]}
   *     objectness of this image, flattened
   * @param deltas per level the head's {@code [height, width, anchors × 4]} box outputs of this image
   */
  public List<Proposal> propose(Anchors anchors, List<float[]> logits, List<float[]> deltas) {
    List<Proposal> merged = new ArrayList<>();
    for (int i = 0; i < anchors.levels().size(); i++) {
      merged.addAll(level(anchors, anchors.levels().get(i), logits.get(i), deltas.get(i)));
    }
    return merged.stream().sorted(Comparator.comparingDouble(Proposal::score).reversed()).limit(postNmsTopK).toList();
  }

  /**
   * The proposals of every image of a batch from the head's fetched outputs, one flat {@code [batch, height,
   * width, ...]} array per level.
   */
  public List<List<Proposal>> proposeBatch(Anchors anchors, List<float[]> logits, List<float[]> deltas, int batch) {
    List<List<Proposal>> result = new ArrayList<>();
    for (int image = 0; image < batch; image++) {
      List<float[]> imageLogits = new ArrayList<>();
      List<float[]> imageDeltas = new ArrayList<>();
      for (int i = 0; i < anchors.levels().size(); i++) {
        int count = anchors.levels().get(i).count();
        imageLogits.add(Arrays.copyOfRange(logits.get(i), image * count, (image + 1) * count));
        imageDeltas.add(Arrays.copyOfRange(deltas.get(i), image * 4 * count, (image + 1) * 4 * count));
      }
      result.add(propose(anchors, imageLogits, imageDeltas));
    }
    return List.copyOf(result);
  }

  private List<Proposal> level(Anchors anchors, AnchorLevel level, float[] logits, float[] deltas) {
    if (logits.length != level.count() || deltas.length != 4 * level.count()) {
      throw new IllegalArgumentException("level " + level.level() + " has " + level.count() + " anchors but "
          + logits.length + " logits and " + deltas.length + " deltas");
    }
    int topK = Math.min(preNmsTopK, level.count());
    int[] top = IntStream.range(0, logits.length).boxed()
        .sorted(Comparator.comparingDouble((Integer a) -> logits[a]).reversed())
        .limit(topK).mapToInt(Integer::intValue).toArray();
    List<Box> boxes = new ArrayList<>();
    List<Double> scores = new ArrayList<>();
    for (int a : top) {
      BoxDelta delta = new BoxDelta(deltas[4 * a], deltas[4 * a + 1], deltas[4 * a + 2], deltas[4 * a + 3]);
      Box anchor = anchors.boxes().get(level.offset() + a);
      Box box = Boxes.clip(BoxCoder.RPN.decode(delta, anchor), anchors.imageHeight(), anchors.imageWidth());
      if (box.height() + 1.0 >= minSize && box.width() + 1.0 >= minSize) {
        boxes.add(box);
        scores.add(sigmoid(logits[a]));
      }
    }
    double[] kept = scores.stream().mapToDouble(Double::doubleValue).toArray();
    int[] selected = new NonMaxSuppression(nmsThreshold, Math.min(topK, postNmsTopK)).select(boxes, kept);
    return Arrays.stream(selected).mapToObj(k -> new Proposal(boxes.get(k), kept[k], level.level())).toList();
  }

  private static double sigmoid(float logit) {
    return 1.0 / (1.0 + Math.exp(-logit));
  }
}
