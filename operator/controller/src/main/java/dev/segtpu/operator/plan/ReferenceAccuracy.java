package dev.segtpu.operator.plan;

import dev.segtpu.api.Architecture;
import dev.segtpu.api.Backbone;
import java.util.Optional;

/**
 * Accuracy the references report for a schedule like the job's: the reference's figures, not ours, and
 * only where the job trains the reference's network at its crop for at least the reference's length.
 * Sources: the post ("When training for 12 epochs, Mask R-CNN ... typically surpasses ... 37 mAP") and
 * shared/reference/reference-models.md (DeepLab: about 0.74 mIoU on train, 0.77 on train_aug; MLPerf
 * target 0.377 box / 0.339 mask AP for Mask R-CNN).
 */
public final class ReferenceAccuracy {

  private ReferenceAccuracy() {}

  public static Optional<String> expected(Workload workload) {
    if (workload.architecture() == Architecture.DEEPLAB_V3_PLUS && workload.backbone() == Backbone.RESNET_101
        && workload.crop() == 513 && workload.totalImages() >= 20_000L * 64) {
      return Optional.of("about 0.74 mIoU on VOC train, about 0.77 with train_aug (the TPU reference's result at "
          + "20,000 steps × batch 64, not measured by segtpu)");
    }
    if (workload.architecture() == Architecture.MASK_RCNN && workload.backbone() == Backbone.RESNET_50
        && workload.crop() == 1024 && workload.epochs().orElse(0) >= 11.95) {
      return Optional.of("more than 37 box AP after 12 epochs (the source post; MLPerf target 0.377 box / 0.339 mask AP), "
          + "not measured by segtpu");
    }
    return Optional.empty();
  }
}
