package dev.segtpu.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.steps) != has(self.epochs)",
    message = "set exactly one of spec.training.steps or spec.training.epochs",
    fieldPath = ".steps")
public class TrainingSpec {

  @Min(1)
  @Max(SpecLimits.MAX_STEPS)
  @JsonPropertyDescription("Total training steps (reference: 20000 for DeepLab v3+ on VOC, 22500 for Mask R-CNN on COCO at batch 64).")
  public Long steps;

  @Min(1)
  @Max(SpecLimits.MAX_EPOCHS)
  @JsonPropertyDescription("Total epochs; steps = ceil(epochs x dataset.trainExamples / batchSize).")
  public Integer epochs;

  @Required
  @Min(1)
  @Max(65536)
  @JsonPropertyDescription("Global batch size, split evenly over the TPU hosts (reference: 64).")
  public Integer batchSize;

  @JsonPropertyDescription("Learning-rate schedule. Default: poly, base 0.01, power 0.9 (DeepLab reference).")
  public LearningRateSpec learningRate;

  @Min(0)
  @Max(1)
  @JsonPropertyDescription("Momentum of SGD. Default 0.9.")
  public Double momentum;

  @Min(0)
  @Max(1)
  @JsonPropertyDescription("L2 weight decay. Default 1e-4.")
  public Double weightDecay;

  @Min(1)
  @Max(SpecLimits.MAX_STEPS)
  @JsonPropertyDescription("Evaluate on the eval split every this many steps (mIoU for DeepLab, box/mask AP for Mask R-CNN). Unset evaluates only at the end.")
  public Long evalIntervalSteps;

  @JsonPropertyDescription("Stop before the last step when the evaluation metric stops improving; needs evalIntervalSteps. The job then succeeds with reason EarlyStopped.")
  public EarlyStoppingSpec earlyStopping;

  @Min(0)
  @Max(SpecLimits.MAX_SEED)
  @JsonPropertyDescription("Seed for initialisation, shuffling and augmentation; the same seed reproduces the same run. Default 0.")
  public Long seed;

  /** Total steps, from steps or from epochs and the dataset size. */
  public long totalSteps(Long trainExamples) {
    if (steps != null) {
      return steps;
    }
    long images = (long) epochs * trainExamples;
    return (images + batchSize - 1) / batchSize;
  }
}
