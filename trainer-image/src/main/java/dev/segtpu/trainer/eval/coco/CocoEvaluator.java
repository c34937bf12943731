package dev.segtpu.trainer.eval.coco;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Evaluates detections against ground truth with the COCO protocol (pycocotools' COCOeval with default
 * parameters and per-category evaluation) and returns its twelve summary numbers.
 *
 * <p>The categories evaluated are those that occur in the ground truth or the detections. pycocotools takes
 * the ground truth's category list instead; the numbers are the same, because a category without counted
 * ground truth contributes nothing to any mean either way.
 */
public final class CocoEvaluator {

  private final IouType iouType;

  public CocoEvaluator(IouType iouType) {
    this.iouType = Objects.requireNonNull(iouType, "iouType");
  }

  /**
   * @param images every evaluated image, in any order (they are taken in image id order, as cocoeval does);
   *     an image id must not repeat
   */
  public CocoSummary evaluate(Collection<ImageAnnotations> images) {
    List<ImageAnnotations> ordered = inIdOrder(images);
    int[] categories = categories(ordered);
    Curve[][][] curves = new Curve[categories.length][][];
    for (int k = 0; k < categories.length; k++) {
      curves[k] = curves(ordered, categories[k]);
    }
    return new Summarizer(curves).summary();
  }

  /** One category's curves, {@code [area range][maxDets index]}. */
  private Curve[][] curves(List<ImageAnnotations> images, int category) {
    List<ImageCategory> present = new ArrayList<>();
    for (ImageAnnotations image : images) {
      List<GroundTruth> groundTruths =
          image.groundTruths().stream().filter(g -> g.categoryId() == category).toList();
      List<Detection> detections = image.detections().stream().filter(d -> d.categoryId() == category).toList();
      // cocoeval skips an image with neither (evaluateImg returns None): it adds nothing to any count.
      if (!groundTruths.isEmpty() || !detections.isEmpty()) {
        present.add(ImageCategory.of(groundTruths, detections, iouType));
      }
    }
    AreaRange[] ranges = AreaRange.values();
    Curve[][] result = new Curve[ranges.length][Thresholds.MAX_DETECTIONS.length];
    for (AreaRange range : ranges) {
      List<ImageMatch> matches = present.stream().map(image -> ImageMatcher.match(image, range)).toList();
      for (int m = 0; m < Thresholds.MAX_DETECTIONS.length; m++) {
        result[range.ordinal()][m] = Accumulator.accumulate(matches, Thresholds.MAX_DETECTIONS[m]);
      }
    }
    return result;
  }

  private static List<ImageAnnotations> inIdOrder(Collection<ImageAnnotations> images) {
    List<ImageAnnotations> ordered = new ArrayList<>(images);
    ordered.sort(Comparator.comparingLong(ImageAnnotations::imageId));
    for (int i = 1; i < ordered.size(); i++) {
      if (ordered.get(i).imageId() == ordered.get(i - 1).imageId()) {
        throw new IllegalArgumentException("image id " + ordered.get(i).imageId() + " is given twice");
      }
    }
    return ordered;
  }

  private static int[] categories(List<ImageAnnotations> images) {
    TreeSet<Integer> categories = new TreeSet<>();
    for (ImageAnnotations image : images) {
      Stream.concat(
              image.groundTruths().stream().map(GroundTruth::categoryId),
              image.detections().stream().map(Detection::categoryId))
          .forEach(categories::add);
    }
    return categories.stream().mapToInt(Integer::intValue).toArray();
  }
}
