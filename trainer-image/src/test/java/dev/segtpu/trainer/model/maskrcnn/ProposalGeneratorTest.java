package dev.segtpu.trainer.model.maskrcnn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segtpu.trainer.model.maskrcnn.targets.AnchorLevel;
import dev.segtpu.trainer.model.maskrcnn.targets.Anchors;
import dev.segtpu.trainer.model.maskrcnn.targets.Box;
import dev.segtpu.trainer.model.maskrcnn.targets.Boxes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ProposalGeneratorTest {

  private static final Anchors ANCHORS = Anchors.forImage(64, 64);
  /** IoU never reaches 1.1: nothing is suppressed, so only the caps limit the counts. */
  private static final double NO_SUPPRESSION = 1.1;

  @Test
  void eachLevelKeepsItsTopKAndAllLevelsTogetherThePostNmsTopK() {
    List<float[]> logits = randomLogits(new Random(1));
    List<Proposal> perLevel = new ProposalGenerator(10, 1000, NO_SUPPRESSION, 1).propose(ANCHORS, logits, zeroDeltas());
    assertThat(countsByLevel(perLevel)).isEqualTo(Map.of(2, 10L, 3, 10L, 4, 10L, 5, 10L, 6, 3L));

    List<Proposal> capped = new ProposalGenerator(10, 25, NO_SUPPRESSION, 1).propose(ANCHORS, logits, zeroDeltas());
    List<Proposal> highest = perLevel.stream().sorted(Comparator.comparingDouble(Proposal::score).reversed()).limit(25).toList();
    assertThat(capped).containsExactlyElementsOf(highest);
  }

  @Test
  void withTheReferenceSettingsNoLevelKeepsOverlapsOfSevenTenthsOrMore() {
    List<Proposal> proposals = ProposalGenerator.REFERENCE.propose(ANCHORS, randomLogits(new Random(2)), zeroDeltas());
    assertThat(proposals).isSortedAccordingTo(Comparator.comparingDouble(Proposal::score).reversed());
    for (Proposal a : proposals) {
      for (Proposal b : proposals) {
        if (a != b && a.level() == b.level()) {
          assertThat(Boxes.iou(a.box(), b.box())).isLessThan(0.7);
        }
      }
    }
    assertThat(proposals).hasSizeLessThanOrEqualTo(1000).isNotEmpty();
  }

  @Test
  void boxesAreClippedToTheImageAndThoseUnderAPixelDropped() {
    List<float[]> deltas = zeroDeltas();
    float[] p2 = deltas.get(0);
    for (int a = 0; a < p2.length / 4; a++) {
      p2[4 * a + 2] = -10;  // height e^-10 of the anchor's: under a pixel
    }
    List<Proposal> proposals = new ProposalGenerator(2000, 1000, NO_SUPPRESSION, 1).propose(ANCHORS, randomLogits(new Random(3)), deltas);
    assertThat(proposals).extracting(Proposal::level).doesNotContain(2);
    assertThat(proposals).extracting(Proposal::box).allSatisfy(box -> {
      assertThat(box.ymin()).isBetween(0.0, 63.0);
      assertThat(box.xmin()).isBetween(0.0, 63.0);
      assertThat(box.ymax()).isBetween(0.0, 63.0);
      assertThat(box.xmax()).isBetween(0.0, 63.0);
    });
  }

  @Test
  void theSameOutputsGiveTheSameProposalsAndEqualScoresKeepAnchorOrder() {
    List<float[]> logits = randomLogits(new Random(4));
    List<Proposal> first = ProposalGenerator.REFERENCE.propose(ANCHORS, logits, zeroDeltas());
    assertThat(ProposalGenerator.REFERENCE.propose(ANCHORS, logits, zeroDeltas())).isEqualTo(first);

    List<float[]> equal = ANCHORS.levels().stream().map(level -> new float[level.count()]).toList();
    List<Proposal> tied = new ProposalGenerator(1, 2, NO_SUPPRESSION, 1).propose(ANCHORS, equal, zeroDeltas());
    Box firstAnchor = new Box(0, 0, 18, 18);
    assertThat(tied).extracting(Proposal::level).containsExactly(2, 3);
    assertThat(tied.get(0).box()).isEqualTo(firstAnchor);
  }

  @Test
  void aBatchIsProposedImageByImage() {
    List<float[]> first = randomLogits(new Random(5));
    List<float[]> second = randomLogits(new Random(6));
    List<float[]> batched = new ArrayList<>();
    List<float[]> batchedDeltas = new ArrayList<>();
    for (int i = 0; i < first.size(); i++) {
      batched.add(concat(first.get(i), second.get(i)));
      batchedDeltas.add(new float[2 * 4 * first.get(i).length]);
    }
    assertThat(ProposalGenerator.REFERENCE.proposeBatch(ANCHORS, batched, batchedDeltas, 2)).containsExactly(
        ProposalGenerator.REFERENCE.propose(ANCHORS, first, zeroDeltas()),
        ProposalGenerator.REFERENCE.propose(ANCHORS, second, zeroDeltas()));
  }

  private static Map<Integer, Long> countsByLevel(List<Proposal> proposals) {
    return proposals.stream().collect(Collectors.groupingBy(Proposal::level, Collectors.counting()));
  }

  private static List<float[]> randomLogits(Random random) {
    List<float[]> logits = new ArrayList<>();
    for (AnchorLevel level : ANCHORS.levels()) {
      float[] values = new float[level.count()];
      for (int k = 0; k < values.length; k++) {
        values[k] = (float) random.nextGaussian();
      }
      logits.add(values);
    }
    return logits;
  }

  private static List<float[]> zeroDeltas() {
    return ANCHORS.levels().stream().map(level -> new float[4 * level.count()]).collect(Collectors.toList());
  }

  private static float[] concat(float[] a, float[] b) {
    float[] joined = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, joined, a.length, b.length);
    return joined;
  }
}
