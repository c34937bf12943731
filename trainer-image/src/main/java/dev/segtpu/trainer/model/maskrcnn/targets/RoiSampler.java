package dev.segtpu.trainer.model.maskrcnn.targets;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

/**
 * Picks the RoIs the second stage trains on, as the reference's {@code proposal_label_op} ({@code
 * training_ops.py}, after Detectron's {@code fast_rcnn.py}): the ground-truth boxes are appended to the proposals,
 * each candidate takes its highest-IoU ground truth (the first on ties), candidates with IoU ≥ {@code
 * foregroundThreshold} are foreground, those in {@code [backgroundLow, backgroundHigh)} background, and {@link
 * BalancedSampler} keeps {@code batchSize} of them with at most {@code foregroundFraction} foreground. The RoIs
 * come out in candidate order (proposals, then ground truths), as the reference's top-k over the sample
 * indicator returns them, so its {@code select_fg_for_masks} would take the foreground in this order too.
 *
 * <p>Deviations: the reference's code tests foreground with a strict {@code >} although its docstring and
 * Detectron say {@code >=}; this follows the docstring. Crowds are left out before anything (its {@code
 * skip_crowd_during_training}). A short sample stays short instead of being padded to a fixed shape.
 */
public record RoiSampler(
    int batchSize,
    double foregroundFraction,
    double foregroundThreshold,
    double backgroundHigh,
    double backgroundLow) {

  /** {@code batch_size_per_im 512}, {@code fg_fraction 0.25}, {@code fg_thresh 0.5}, background in [0, 0.5). */
  public static final RoiSampler REFERENCE = new RoiSampler(512, 0.25, 0.5, 0.5, 0.0);

  /** The sampled RoIs of one image; the same seed gives the same sample. */
  public List<Roi> sample(List<Box> proposals, List<GroundTruth> groundTruths, long seed) {
    int[] usable = GroundTruth.usable(groundTruths);
    List<Box> candidates = new ArrayList<>(proposals);
    Arrays.stream(usable).forEach(i -> candidates.add(groundTruths.get(i).box()));

    int[] matched = new int[candidates.size()];
    double[] overlap = new double[candidates.size()];
    for (int c = 0; c < candidates.size(); c++) {
      matched[c] = -1;
      for (int i : usable) {
        double iou = Boxes.iou(candidates.get(c), groundTruths.get(i).box());
        if (matched[c] < 0 || iou > overlap[c]) {
          overlap[c] = iou;
          matched[c] = i;
        }
      }
    }
    IntPredicate isForeground = c -> matched[c] >= 0 && overlap[c] >= foregroundThreshold;
    IntPredicate isBackground =
        isForeground.negate().and(c -> overlap[c] >= backgroundLow && overlap[c] < backgroundHigh);
    int[] foreground = IntStream.range(0, candidates.size()).filter(isForeground).toArray();
    int[] background = IntStream.range(0, candidates.size()).filter(isBackground).toArray();
    BalancedSampler.Sample sample =
        new BalancedSampler(batchSize, foregroundFraction)
            .sample(foreground, background, new SplittableRandom(seed));

    return IntStream.concat(Arrays.stream(sample.positives()), Arrays.stream(sample.negatives()))
        .sorted()
        .mapToObj(
            c -> isForeground.test(c)
                ? foreground(candidates.get(c), groundTruths, matched[c])
                : background(candidates.get(c)))
        .toList();
  }

  private static Roi foreground(Box box, List<GroundTruth> groundTruths, int groundTruth) {
    GroundTruth object = groundTruths.get(groundTruth);
    return new Roi(box, object.classId(), BoxCoder.BOX_HEAD.encode(object.box(), box), groundTruth);
  }

  private static Roi background(Box box) {
    return new Roi(box, 0, BoxDelta.ZERO, -1);
  }
}
