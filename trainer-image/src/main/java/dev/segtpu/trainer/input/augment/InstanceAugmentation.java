package dev.segtpu.trainer.input.augment;

import dev.segtpu.trainer.input.coco.InstanceExample;
import java.util.SplittableRandom;

/**
 * The Mask R-CNN reference's input augmentation: in training a horizontal flip with probability ½, then
 * (training and evaluation) resize keeping the aspect ratio so the long side is the output size, and pad
 * bottom and right to a square. All randomness comes from {@code random}, which the caller seeds from
 * (seed, epoch, example index) as for VOC, so an example looks the same however batches are split or resumed.
 */
public final class InstanceAugmentation {

  private final int size;
  private final boolean flips;

  private InstanceAugmentation(int size, boolean flips) {
    if (size < 1) {
      throw new IllegalArgumentException("output size must be positive, got " + size);
    }
    this.size = size;
    this.flips = flips;
  }

  /** Random flip, then resize and pad to {@code size}×{@code size}. */
  public static InstanceAugmentation training(int size) {
    return new InstanceAugmentation(size, true);
  }

  /** Resize and pad only: evaluation sees every image as it is, so detections map straight back. */
  public static InstanceAugmentation evaluation(int size) {
    return new InstanceAugmentation(size, false);
  }

  public int size() {
    return size;
  }

  public AugmentedInstances apply(InstanceExample example, SplittableRandom random) {
    boolean flip = flips && random.nextBoolean();
    InstanceExample oriented = flip ? HorizontalFlip.of(example) : example;
    return InstanceResize.apply(oriented, SquareFit.of(example.height(), example.width(), size), flip);
  }
}
