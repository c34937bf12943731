package dev.segtpu.operator.plan;

import dev.segtpu.api.Architecture;
import dev.segtpu.api.Backbone;
import dev.segtpu.api.SegmentationTrainingJobSpec;
import java.util.OptionalDouble;

/**
 * What a job asks the TPUs to do, in the units the throughput model speaks: images of a given crop
 * through a given network. Time depends on images, not steps, so the same schedule at another batch
 * size plans the same.
 *
 * @param crop square input size in pixels (DeepLab crop, Mask R-CNN input size)
 * @param totalImages steps × global batch
 * @param trainExamples the dataset's size, if the spec gives it (for epochs and accuracy references)
 */
public record Workload(Architecture architecture, Backbone backbone, int crop, int batchSize, long totalImages,
                       OptionalDouble trainExamples) {

  public Workload {
    if (crop < 1 || batchSize < 1 || totalImages < 1) {
      throw new IllegalArgumentException("a workload needs crop, batch size and images >= 1");
    }
  }

  /**
   * The workload of a job spec, or an exception naming the missing field. Uses the same step count as
   * the trainer ({@code TrainingSpec.totalSteps}).
   */
  public static Workload of(SegmentationTrainingJobSpec spec) {
    if (spec.model == null || spec.model.architecture == null) {
      throw new IllegalArgumentException("spec.model.architecture is missing; set deeplabv3plus or maskrcnn");
    }
    if (spec.training == null || spec.training.batchSize == null) {
      throw new IllegalArgumentException("spec.training.batchSize is missing; set the global batch size, e.g. 64");
    }
    if (spec.training.steps == null && spec.training.epochs == null) {
      throw new IllegalArgumentException("spec.training: set steps or epochs; the plan needs to know how long to train");
    }
    Long examples = spec.dataset == null ? null : spec.dataset.trainExamples;
    if (spec.training.steps == null && examples == null) {
      throw new IllegalArgumentException("spec.dataset.trainExamples is missing; training in epochs needs the dataset size");
    }
    long steps = spec.training.totalSteps(examples);
    return new Workload(spec.model.architecture, spec.model.backboneOrDefault(), spec.model.imageSizeOrDefault(),
        spec.training.batchSize, steps * spec.training.batchSize,
        examples == null ? OptionalDouble.empty() : OptionalDouble.of(examples));
  }

  /** Passes over the dataset, when its size is known. */
  public OptionalDouble epochs() {
    return trainExamples.isPresent() ? OptionalDouble.of(totalImages / trainExamples.getAsDouble()) : OptionalDouble.empty();
  }

  /** E.g. "deeplabv3plus/resnet101 crop 513: 1,280,000 images". */
  public String describe() {
    return String.format(java.util.Locale.ROOT, "%s/%s crop %d: %,d images (batch %d)", architecture.value(),
        backbone.value(), crop, totalImages, batchSize)
        + (epochs().isPresent() ? String.format(java.util.Locale.ROOT, ", %.1f epochs", epochs().getAsDouble()) : "");
  }
}
