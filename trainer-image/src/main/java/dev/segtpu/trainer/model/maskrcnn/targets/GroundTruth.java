package dev.segtpu.trainer.model.maskrcnn.targets;

import java.util.List;
import java.util.stream.IntStream;

/** One annotated object of an image: its box, its class (1-based, 0 being background) and COCO's iscrowd. */
public record GroundTruth(Box box, int classId, boolean crowd) {

  /**
   * Positions in {@code groundTruths} of the objects targets are computed from: every one but the crowds, which
   * the reference removes before labelling ({@code skip_crowd_during_training}, {@code dataloader.py}).
   */
  static int[] usable(List<GroundTruth> groundTruths) {
    return IntStream.range(0, groundTruths.size()).filter(i -> !groundTruths.get(i).crowd()).toArray();
  }
}
