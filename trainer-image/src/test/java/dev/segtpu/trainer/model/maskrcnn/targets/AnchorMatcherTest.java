package dev.segtpu.trainer.model.maskrcnn.targets;

import static dev.segtpu.trainer.model.maskrcnn.targets.AnchorMatcher.IGNORED;
import static dev.segtpu.trainer.model.maskrcnn.targets.AnchorMatcher.UNMATCHED;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AnchorMatcherTest {

  private static final AnchorMatcher REFERENCE = new AnchorMatcher(0.7, 0.3);

  @Test
  void anchorsAreMatchedAboveSevenTenthsUnmatchedBelowThreeTenthsAndIgnoredBetween() {
    Box object = new Box(0, 0, 10, 10);
    List<Box> anchors =
        List.of(
            new Box(0, 0, 10, 10), // IoU 1
            new Box(0, 0, 10, 8), // IoU 0.8
            new Box(0, 0, 10, 5), // IoU 0.5
            new Box(0, 0, 10, 3), // IoU 0.3: not below the negative threshold
            new Box(0, 0, 10, 2)); // IoU 0.2
    assertThat(REFERENCE.match(anchors, List.of(object))).containsExactly(0, 0, IGNORED, IGNORED, UNMATCHED);
  }

  @Test
  void anObjectNoAnchorCoversWellStillClaimsItsBestAnchor() {
    Box object = new Box(0, 0, 10, 10);
    List<Box> anchors = List.of(new Box(0, 0, 10, 2), new Box(0, 0, 10, 4), new Box(50, 50, 60, 60));
    // IoUs 0.2, 0.4, 0: the 0.4 anchor would be ignored, the object forces it positive
    assertThat(REFERENCE.match(anchors, List.of(object))).containsExactly(UNMATCHED, 0, UNMATCHED);
  }

  @Test
  void anObjectTiedBetweenAnchorsClaimsOnlyTheFirst() {
    // IoU 50 / 150 with both anchors: both ignored, then only the first forced
    Box object = new Box(0, 5, 10, 15);
    List<Box> anchors = List.of(new Box(0, 0, 10, 10), new Box(0, 10, 10, 20));
    assertThat(REFERENCE.match(anchors, List.of(object))).containsExactly(0, IGNORED);
  }

  @Test
  void anAnchorClaimedByTwoObjectsGoesToTheFirstObject() {
    // one anchor, two objects each best at it; by IoU alone it would go to the second (0.4 > 0.2)
    List<Box> anchors = List.of(new Box(0, 0, 10, 10), new Box(100, 100, 110, 110));
    List<Box> objects = List.of(new Box(0, 0, 10, 2), new Box(0, 0, 10, 4));
    assertThat(REFERENCE.match(anchors, objects)).containsExactly(0, UNMATCHED);
  }

  @Test
  void withoutObjectsEveryAnchorIsUnmatched() {
    assertThat(REFERENCE.match(List.of(new Box(0, 0, 4, 4)), List.of())).containsExactly(UNMATCHED);
  }
}
