package dev.segtpu.trainer.eval.coco;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * Golden cases derived by hand, one rule each. Stats are in cocoeval's order:
 * AP, AP50, AP75, APs, APm, APl, AR1, AR10, AR100, ARs, ARm, ARl.
 *
 * <p>Reading aid: with n counted ground truths, a category's AP at one IoU threshold is the mean over the 101
 * recall thresholds 0, 0.01, ..., 1 of the best precision reached at any recall at least that threshold
 * (0 past the highest recall reached). Boxes of 100×100 are large (10000 ≥ 96²), 50×50 and 40×40 are medium,
 * 30×30 and smaller are small. Precision is tp / (tp + fp + 2.2e-16), as in cocoeval, hence the tolerance.
 */
class CocoEvaluatorTest {

  private static final Offset<Double> EXACT = within(1e-12);
  private static final int CAT = 1;
  private static final int DOG = 2;
  private static final int NO_GT = -1;
  /** A large cat at the origin, which {@link #catFound} finds exactly. */
  private static final GroundTruth CAT_OBJECT = gt(CAT, 0, 0, 100, 100);

  @Test
  void aPerfectDetectionScoresOneAtEveryThreshold() {
    CocoSummary summary = bbox(image(1, List.of(CAT_OBJECT), catFound(0.9)));

    // The only object is large: small and medium have nothing to find (-1).
    assertStats(summary, 1, 1, 1, NO_GT, NO_GT, 1, 1, 1, 1, NO_GT, NO_GT, 1);
  }

  @Test
  void aDetectionOverlappingBetweenHalfAndFiftyFivePercentCountsOnlyAtTheFirstThreshold() {
    // IoU = 5200 / 10000 = 0.52: a hit at 0.50, a miss at 0.55 and above, so AP = AR = 1/10.
    // For APl the miss is not even a false positive: unmatched and 5200 px (medium), it is ignored there;
    // APl is 1/10 all the same since without a hit precision is 0.
    CocoSummary summary = bbox(image(1, List.of(gt(CAT, 0, 0, 100, 100)), dt(CAT, 0, 0, 100, 52, 0.9)));

    assertStats(summary, 0.1, 1, 0, NO_GT, NO_GT, 0.1, 0.1, 0.1, 0.1, NO_GT, NO_GT, 0.1);
  }

  @Test
  void anOverlapOfExactlyOneHalfStillMatchesAtTheFirstThreshold() {
    // IoU = 5000 / 10000 = 0.5 exactly; cocoeval matches when IoU >= threshold.
    CocoSummary summary = bbox(image(1, List.of(gt(CAT, 0, 0, 100, 100)), dt(CAT, 0, 0, 100, 50, 0.9)));

    assertThat(summary.ap50()).isCloseTo(1, EXACT);
    assertThat(summary.ap()).isCloseTo(0.1, EXACT);
  }

  @Test
  void aFalsePositiveRankedFirstIsLiftedToTheBestPrecisionFoundBelowIt() {
    // Two objects; ranked: miss (0.9), hit (0.8), hit (0.7), at every IoU threshold (the hits are exact).
    // recall 0, 1/2, 1; precision 0, 1/2, 2/3. The envelope from the right makes it 2/3, 2/3, 2/3, and
    // recall 1 is reached, so all 101 points read 2/3: AP = 2/3.
    // AR1: each image's single best detection is the miss, recall 0.
    CocoSummary summary = bbox(twoObjectsAndOneMiss(0.9, 0.8, 0.7));

    double twoThirds = 2.0 / 3;
    assertStats(summary, twoThirds, twoThirds, twoThirds, NO_GT, NO_GT, twoThirds, 0, 1, 1, NO_GT, NO_GT, 1);
  }

  @Test
  void aFalsePositiveBetweenTwoHitsLowersPrecisionOnlyPastTheFirstHitsRecall() {
    // Ranked: hit (0.9), miss (0.8), hit (0.7). recall 1/2, 1/2, 1; precision 1, 1/2, 2/3; envelope 1, 2/3, 2/3.
    // Recall thresholds 0..0.50 (51 points) first reached at rank 1: precision 1.
    // Recall thresholds 0.51..1 (50 points) first reached at rank 3: precision 2/3.
    // AP = (51 + 50 * 2/3) / 101 = 253/303 at every IoU threshold. AR1 = 1/2 (only the first hit).
    CocoSummary summary = bbox(twoObjectsAndOneMiss(0.8, 0.9, 0.7));

    double ap = 253.0 / 303;
    assertStats(summary, ap, ap, ap, NO_GT, NO_GT, ap, 0.5, 1, 1, NO_GT, NO_GT, 1);
  }

  @Test
  void detectionsInsideACrowdRegionAreIgnoredNotFalsePositives() {
    // The crowd spans x 200..400. Both 50×50 detections lie inside it: overlap = 2500 / 2500 (their own
    // area) = 1, so both match the one crowd, which may be matched any number of times, and are ignored.
    // Ranked: ignored, ignored, hit: recall 0, 0, 1; precision 0, 0, 1; envelope 1, 1, 1: AP = 1.
    // (Had they been false positives, precision would be 1/3 and AP 1/3.)
    // AR1: the single best detection is an ignored one, recall 0.
    List<GroundTruth> objectAndCrowd = List.of(CAT_OBJECT, crowd(CAT, 200, 0, 200, 100));
    CocoSummary summary = bbox(
        image(1, objectAndCrowd, dt(CAT, 220, 10, 50, 50, 0.9), dt(CAT, 300, 10, 50, 50, 0.8), catFound(0.7)));

    assertStats(summary, 1, 1, 1, NO_GT, NO_GT, 1, 0, 1, 1, NO_GT, NO_GT, 1);
  }

  @Test
  void aDetectionTakesACountedGroundTruthBeforeACrowdListedAheadOfIt() {
    // Crowd given first; the regular object has IoU 6200 / 10000 = 0.62 with the detection, the crowd 1.
    // Counted ground truth is tried first: a hit at thresholds 0.50, 0.55, 0.60. Above 0.62 the detection
    // falls to the crowd and is ignored (no false positive, but no hit): AP = AR = 3/10.
    CocoSummary summary = bbox(image(1,
        List.of(crowd(CAT, 0, 0, 100, 100), gt(CAT, 0, 0, 100, 62)),
        dt(CAT, 0, 0, 100, 100, 0.9)));

    assertThat(summary.ap()).isCloseTo(0.3, EXACT);
    assertThat(summary.ar100()).isCloseTo(0.3, EXACT);
  }

  @Test
  void aSmallObjectCountsInTheSmallRangeOnly() {
    // A small object (20×20 = 400 px), found exactly, and a large one (10000 px), missed.
    // all: recall 1/2 with precision 1: recall thresholds 0..0.50 (51 points) read 1: AP = 51/101.
    // small: the large object is out of range, the small one found: APs = ARs = 1.
    // medium: no object of that size: -1.
    // large: the detection took the small object, which does not count here, so it is ignored;
    //   the large object is missed: APl = ARl = 0.
    CocoSummary summary = bbox(image(1,
        List.of(gt(CAT, 0, 0, 20, 20), gt(CAT, 100, 100, 100, 100)),
        dt(CAT, 0, 0, 20, 20, 0.9)));

    double ap = 51.0 / 101;
    assertStats(summary, ap, ap, ap, 1, NO_GT, 0, 0.5, 0.5, 0.5, 1, NO_GT, 0);
  }

  @Test
  void maxDetectionsLimitEachImageSeparately() {
    // Image 1: three objects, three exact detections; image 2: one object, one exact detection.
    // With 1 detection per image: one hit in each image, recall 2/4. With 10 or 100: 4/4.
    // AP uses 100 detections: all hits, AP = 1.
    CocoSummary summary = bbox(
        image(1,
            List.of(gt(CAT, 0, 0, 100, 100), gt(CAT, 200, 0, 100, 100), gt(CAT, 400, 0, 100, 100)),
            dt(CAT, 0, 0, 100, 100, 0.9),
            dt(CAT, 200, 0, 100, 100, 0.8),
            dt(CAT, 400, 0, 100, 100, 0.7)),
        image(2, List.of(gt(CAT, 0, 0, 100, 100)), dt(CAT, 0, 0, 100, 100, 0.6)));

    assertStats(summary, 1, 1, 1, NO_GT, NO_GT, 1, 0.5, 1, 1, NO_GT, NO_GT, 1);
  }

  @Test
  void aCategoryWithDetectionsButNoGroundTruthIsLeftOutOfTheMeanNotCountedAsZero() {
    // Cats: found exactly (AP 1). Dogs: none annotated, one detected. Dog gets -1 everywhere and the means
    // are over cats only: AP = 1, not 1/2.
    CocoSummary summary = bbox(image(1, List.of(CAT_OBJECT), catFound(0.9), dt(DOG, 300, 300, 100, 100, 0.99)));

    assertStats(summary, 1, 1, 1, NO_GT, NO_GT, 1, 1, 1, 1, NO_GT, NO_GT, 1);
  }

  @Test
  void aCategoryWhoseOnlyGroundTruthIsACrowdIsLeftOutOfTheMean() {
    // Dogs: only a crowd, which never counts, so nothing to find: -1, left out; cats alone make AP = 1.
    List<GroundTruth> catAndDogCrowd = List.of(CAT_OBJECT, crowd(DOG, 200, 0, 200, 100));
    CocoSummary summary = bbox(image(1, catAndDogCrowd, catFound(0.9), dt(DOG, 220, 10, 50, 50, 0.8)));

    assertThat(summary.ap()).isCloseTo(1, EXACT);
    assertThat(summary.ar100()).isCloseTo(1, EXACT);
  }

  @Test
  void nothingToFindAnywhereGivesMinusOneEverywhere() {
    CocoSummary summary = bbox(image(1, List.of(), dt(CAT, 0, 0, 10, 10, 0.5)));

    assertStats(summary, NO_GT, NO_GT, NO_GT, NO_GT, NO_GT, NO_GT, NO_GT, NO_GT, NO_GT, NO_GT, NO_GT, NO_GT);
  }

  @Test
  void tiedScoresWithinAnImageKeepTheDetectionsGivenOrder() {
    // Both detections score 0.5. "Partial" has IoU 0.62, "exact" IoU 1 with the single object.
    // partial first: at 0.50, 0.55, 0.60 partial takes the object and exact is a false positive ranked
    //   after it (precision 1 at recall 1: AP 1); at 0.65 and above partial misses, exact hits second:
    //   precision 0, 1/2, envelope 1/2: AP 1/2. Overall (3 × 1 + 7 × 1/2) / 10 = 0.65.
    // exact first: it takes the object at every threshold: AP 1.
    GroundTruth object = gt(CAT, 0, 0, 100, 100);
    Detection partial = dt(CAT, 0, 0, 100, 62, 0.5);
    Detection exact = dt(CAT, 0, 0, 100, 100, 0.5);

    assertThat(bbox(image(1, List.of(object), partial, exact)).ap()).isCloseTo(0.65, EXACT);
    assertThat(bbox(image(1, List.of(object), exact, partial)).ap()).isCloseTo(1, EXACT);
  }

  @Test
  void tiedScoresAcrossImagesAreRankedInImageIdOrder() {
    // Image 1: no object, a false positive at 0.5. Image 2: an object found exactly at 0.5.
    // Given image 2 first, still ranked by image id: miss then hit, precision 0, 1/2, envelope 1/2:
    // AP = 1/2 (hit then miss would give 1).
    CocoSummary summary = bbox(
        image(2, List.of(gt(CAT, 0, 0, 100, 100)), dt(CAT, 0, 0, 100, 100, 0.5)),
        image(1, List.of(), dt(CAT, 0, 0, 100, 100, 0.5)));

    assertThat(summary.ap()).isCloseTo(0.5, EXACT);
  }

  @Test
  void segmentationIsJudgedOnMaskOverlap() {
    // A 100×1 image. The object covers all 100 px, the detection the first 72: IoU 72 / 100 = 0.72, a hit at
    // 0.50, 0.55, 0.60, 0.65, 0.70 and a miss from 0.75: AP = AR = 5/10, AP50 = 1, AP75 = 0.
    // Both are small (100 and 72 px, the detection's area being its pixel count); nothing medium or large.
    // The detection's box, far off, plays no part.
    GroundTruth object = new GroundTruth(CAT, null, 100, false, Masks.rectangle(100, 1, 0, 0, 100, 1));
    Detection detection = new Detection(CAT, new Box(500, 500, 5, 5), 0.9, Masks.rectangle(100, 1, 0, 0, 72, 1));

    CocoSummary summary = new CocoEvaluator(IouType.SEGM)
        .evaluate(List.of(new ImageAnnotations(1, List.of(object), List.of(detection))));

    assertStats(summary, 0.5, 1, 0, 0.5, NO_GT, NO_GT, 0.5, 0.5, 0.5, 0.5, NO_GT, NO_GT);
  }

  @Test
  void aSegmentationDetectionInsideACrowdMaskIsIgnored() {
    // 10×10 image. Crowd: columns 0-5 (60 px). Object: columns 8-9 (20 px), annotated area 20.
    // Detection 1 (0.9): columns 2-5, 40 px, all inside the crowd: 40/40 = 1, ignored.
    // Detection 2 (0.8): exactly the object. Ranked: ignored, hit: AP = 1.
    GroundTruth crowd = new GroundTruth(CAT, null, 60, true, Masks.rectangle(10, 10, 0, 0, 6, 10));
    GroundTruth object = new GroundTruth(CAT, null, 20, false, Masks.rectangle(10, 10, 8, 0, 10, 10));
    Detection inCrowd = new Detection(CAT, null, 0.9, Masks.rectangle(10, 10, 2, 0, 6, 10));
    Detection onObject = new Detection(CAT, null, 0.8, Masks.rectangle(10, 10, 8, 0, 10, 10));

    CocoSummary summary = new CocoEvaluator(IouType.SEGM)
        .evaluate(List.of(new ImageAnnotations(1, List.of(crowd, object), List.of(inCrowd, onObject))));

    assertThat(summary.ap()).isCloseTo(1, EXACT);
  }

  @Test
  void twoImagesAndTwoCategoriesAverageOverCategories() {
    // Image 1: cat C1 (0,0,100,100) large; dog D1 (200,200,40,40) 1600 px medium.
    //   detections: cat exact C1 0.9; dog exact D1 0.8; cat (300,300,50,50) 0.6 on nothing, 2500 px medium.
    // Image 2: cat C2 (0,0,50,50) 2500 px medium; no dog.
    //   detections: cat (0,0,50,26) 0.7, IoU 1300/2500 = 0.52 with C2; dog (100,100,30,30) 0.95, 900 px small.
    //
    // all areas
    //   cat, 2 objects, ranked 0.9 (C1), 0.7 (C2), 0.6 (nothing):
    //     IoU 0.50: hit, hit, miss: recall 1/2, 1, 1; envelope 1, 1, 2/3: AP 1, recall 1.
    //     IoU >= 0.55 (9 thresholds): hit, miss, miss: recall stays 1/2; points 0..0.50 read 1: AP 51/101,
    //       recall 1/2.
    //     AP(cat) = (1 + 9 × 51/101) / 10 = 56/101; AR(cat) = (1 + 9 × 1/2) / 10 = 0.55.
    //   dog, 1 object, ranked 0.95 (miss), 0.8 (D1) at every threshold: precision 0, 1/2, envelope 1/2:
    //     AP(dog) = 1/2; AR(dog) = 1.
    //   AP = (56/101 + 1/2) / 2 = 213/404. AP50 = (1 + 1/2) / 2 = 3/4. AP75 = (51/101 + 1/2) / 2 = 203/404.
    //   AR1 = AR10 = AR100 = (0.55 + 1) / 2 = 0.775 (no image has more than one detection of a kind that
    //   matters: the 0.6 cat, dropped at maxDets 1, was a miss).
    // small: no object of 32² px or less: -1.
    // medium (C2 and D1 count):
    //   cat: 0.9 took C1 (large, not counted): ignored. 0.7: hit at 0.50, else a miss (1300 px is medium).
    //     0.6: a miss (2500 px). At 0.50: ignored, hit, miss: envelope 1, 1, 1/2; recall 0, 1, 1: AP 1.
    //     Above: no hit, AP 0. APm(cat) = 1/10 = ARm(cat).
    //   dog: 0.95 misses, but is small: ignored. 0.8 hits: AP 1, recall 1.
    //   APm = ARm = (0.1 + 1) / 2 = 0.55.
    // large (C1 counts): cat: 0.9 hits; 0.6 (medium) and 0.7 (medium, or on C2 which is medium) are ignored:
    //   AP 1, recall 1. dog: nothing large: -1. APl = ARl = 1.
    CocoSummary summary = bbox(
        image(1,
            List.of(gt(CAT, 0, 0, 100, 100), gt(DOG, 200, 200, 40, 40)),
            dt(CAT, 0, 0, 100, 100, 0.9),
            dt(DOG, 200, 200, 40, 40, 0.8),
            dt(CAT, 300, 300, 50, 50, 0.6)),
        image(2,
            List.of(gt(CAT, 0, 0, 50, 50)),
            dt(CAT, 0, 0, 50, 26, 0.7),
            dt(DOG, 100, 100, 30, 30, 0.95)));

    assertStats(summary,
        213.0 / 404, 0.75, 203.0 / 404, NO_GT, 0.55, 1,
        0.775, 0.775, 0.775, NO_GT, 0.55, 1);
  }

  @Test
  void anImageIdGivenTwiceIsRejected() {
    ImageAnnotations image = image(7, List.of(gt(CAT, 0, 0, 10, 10)));

    assertThatThrownBy(() -> bbox(image, image))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("image id 7");
  }

  @Test
  void boxEvaluationOfADetectionWithoutABoxIsRejected() {
    Detection maskOnly = new Detection(CAT, null, 0.9, Masks.rectangle(10, 10, 0, 0, 5, 5));

    assertThatThrownBy(() -> bbox(image(1, List.of(gt(CAT, 0, 0, 5, 5)), maskOnly)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bbox evaluation needs a box");
  }

  private static CocoSummary bbox(ImageAnnotations... images) {
    return new CocoEvaluator(IouType.BBOX).evaluate(List.of(images));
  }

  /** Two large objects, each found exactly, and a detection on nothing, with the scores given. */
  private static ImageAnnotations twoObjectsAndOneMiss(double missScore, double firstHitScore, double secondHitScore) {
    return image(1,
        List.of(gt(CAT, 0, 0, 100, 100), gt(CAT, 200, 0, 100, 100)),
        dt(CAT, 400, 0, 100, 100, missScore),
        dt(CAT, 0, 0, 100, 100, firstHitScore),
        dt(CAT, 200, 0, 100, 100, secondHitScore));
  }

  private static ImageAnnotations image(long id, List<GroundTruth> groundTruths, Detection... detections) {
    return new ImageAnnotations(id, groundTruths, List.of(detections));
  }

  private static Detection catFound(double score) {
    return dt(CAT, 0, 0, 100, 100, score);
  }

  /** A regular object whose annotated area is its box's. */
  private static GroundTruth gt(int category, double x, double y, double w, double h) {
    return new GroundTruth(category, new Box(x, y, w, h), w * h, false, null);
  }

  private static GroundTruth crowd(int category, double x, double y, double w, double h) {
    return new GroundTruth(category, new Box(x, y, w, h), w * h, true, null);
  }

  private static Detection dt(int category, double x, double y, double w, double h, double score) {
    return new Detection(category, new Box(x, y, w, h), score, null);
  }

  private static void assertStats(CocoSummary summary, double... expected) {
    assertThat(summary.stats()).containsExactly(expected, EXACT);
  }
}
