package dev.segtpu.trainer.model.maskrcnn.targets;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Labels anchors for the region proposal network as the reference's {@code AnchorLabeler.label_anchors}
 * ({@code anchors.py}): matching by {@link AnchorMatcher} (IoU ≥ {@code positiveThreshold} positive, below
 * {@code negativeThreshold} negative, in between ignored, each ground truth's best anchor forced positive), then
 * {@code batchSize} anchors sampled with at most {@code positiveFraction} positives by {@link BalancedSampler}
 * (the reference's non-static sampler), and box targets by {@link BoxCoder#RPN}.
 *
 * <p>Crowd ground truths are left out entirely (the reference's {@code skip_crowd_during_training}); anchors
 * on a crowd are therefore labelled by the other objects alone, as in the reference, not ignored as Detectron
 * would. Anchors crossing the image border are kept, as the reference keeps them.
 */
public record RpnTargets(
    double positiveThreshold, double negativeThreshold, int batchSize, double positiveFraction) {

  /** {@code rpn_positive_overlap 0.7}, {@code rpn_negative_overlap 0.3}, 256 per image, half positive. */
  public static final RpnTargets REFERENCE = new RpnTargets(0.7, 0.3, 256, 0.5);

  /** The targets of each level, {@code MIN_LEVEL} first; the same seed gives the same sample. */
  public List<LevelTargets> label(Anchors anchors, List<GroundTruth> groundTruths, long seed) {
    int[] usable = GroundTruth.usable(groundTruths);
    List<Box> boxes = Arrays.stream(usable).mapToObj(i -> groundTruths.get(i).box()).toList();
    int[] matches = new AnchorMatcher(positiveThreshold, negativeThreshold).match(anchors.boxes(), boxes);

    int[] positives = IntStream.range(0, matches.length).filter(a -> matches[a] >= 0).toArray();
    int[] negatives =
        IntStream.range(0, matches.length).filter(a -> matches[a] == AnchorMatcher.UNMATCHED).toArray();
    BalancedSampler.Sample sample =
        new BalancedSampler(batchSize, positiveFraction).sample(positives, negatives, new SplittableRandom(seed));
    int[] labels = new int[matches.length];
    Arrays.fill(labels, LevelTargets.IGNORE);
    Arrays.stream(sample.positives()).forEach(a -> labels[a] = LevelTargets.POSITIVE);
    Arrays.stream(sample.negatives()).forEach(a -> labels[a] = LevelTargets.NEGATIVE);

    double[] boxTargets = new double[matches.length * 4];
    for (int a : positives) {
      BoxDelta delta = BoxCoder.RPN.encode(boxes.get(matches[a]), anchors.boxes().get(a));
      boxTargets[4 * a] = delta.dy();
      boxTargets[4 * a + 1] = delta.dx();
      boxTargets[4 * a + 2] = delta.dh();
      boxTargets[4 * a + 3] = delta.dw();
    }

    List<LevelTargets> levels = new ArrayList<>();
    for (AnchorLevel level : anchors.levels()) {
      int from = level.offset();
      int to = from + level.count();
      levels.add(
          new LevelTargets(
              level, Arrays.copyOfRange(labels, from, to), Arrays.copyOfRange(boxTargets, 4 * from, 4 * to)));
    }
    return List.copyOf(levels);
  }
}
