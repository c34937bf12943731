package dev.segtpu.trainer.model.maskrcnn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segtpu.trainer.model.maskrcnn.targets.Box;
import dev.segtpu.trainer.model.maskrcnn.targets.GroundTruth;
import dev.segtpu.trainer.model.maskrcnn.targets.InstanceMask;
import dev.segtpu.trainer.model.maskrcnn.targets.MaskTargets;
import dev.segtpu.trainer.model.maskrcnn.targets.RoiSampler;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchTargetsTest {

  private static final int SIZE = 64;

  /** A filled rectangle's mask. */
  private static InstanceMask rectangle(int top, int left, int bottom, int right) {
    boolean[] pixels = new boolean[SIZE * SIZE];
    for (int r = top; r < bottom; r++) {
      for (int c = left; c < right; c++) {
        pixels[r * SIZE + c] = true;
      }
    }
    return new InstanceMask(SIZE, SIZE, pixels);
  }

  @Test
  void roisFillTheirSlotsAndPaddingIsMarkedForEveryLoss() {
    // image 0: one object of class 2 and a crowd; image 1: no object at all
    BatchTargets.ImageTruth withObject = new BatchTargets.ImageTruth(
        List.of(new GroundTruth(new Box(10, 10, 40, 30), 2, false), new GroundTruth(new Box(0, 40, 20, 63), 1, true)),
        List.of(rectangle(10, 10, 40, 30), rectangle(0, 40, 20, 63)));
    BatchTargets.ImageTruth empty = new BatchTargets.ImageTruth(List.of(), List.of());
    List<Proposal> proposals = new ArrayList<>();
    proposals.add(new Proposal(new Box(11, 9, 41, 31), 0.9, 2));
    proposals.add(new Proposal(new Box(45, 45, 60, 60), 0.5, 2));
    RoiSampler sampler = new RoiSampler(8, 0.25, 0.5, 0.5, 0.0);

    BatchTargets.Heads heads = BatchTargets.heads(List.of(proposals, List.of(new Proposal(new Box(1, 1, 9, 9), 0.7, 2))),
        List.of(withObject, empty), sampler, 2, new long[] {1, 2});

    int[] image0 = Arrays.copyOfRange(heads.roiClasses(), 0, 8);
    int[] image1 = Arrays.copyOfRange(heads.roiClasses(), 8, 16);
    // candidates of image 0: two proposals and the non-crowd ground truth; two foreground (IoU ≥ 0.5 with class 2)
    assertThat(image0).containsExactly(2, 0, 2, -1, -1, -1, -1, -1);
    assertThat(image1).as("only background without objects, the rest padding").containsExactly(0, -1, -1, -1, -1, -1, -1, -1);
    assertThat(heads.foreground()).isEqualTo(2);
    assertThat(heads.maskClasses()).containsExactly(2, 2, 0, 0);
    assertThat(Arrays.copyOfRange(heads.rois(), 8, 12)).as("the ground truth appended as a candidate")
        .containsExactly(10f, 10f, 40f, 30f);
    int cells = MaskTargets.RESOLUTION * MaskTargets.RESOLUTION;
    float[] gtTarget = Arrays.copyOfRange(heads.maskTargets(), cells, 2 * cells);
    double inside = 0;
    for (float cell : gtTarget) {
      assertThat(cell).isIn(0f, 1f);
      inside += cell;
    }
    assertThat(inside / cells).as("the object's own box is object but for its far edge").isGreaterThan(0.9);
    for (float cell : Arrays.copyOfRange(heads.maskTargets(), 2 * cells, 4 * cells)) {
      assertThat(cell).as("padding mask slots stay empty").isZero();
    }
    assertThat(Arrays.copyOfRange(heads.roiBoxTargets(), 4, 8)).as("a background RoI regresses nothing").containsOnly(0f);
  }
}
