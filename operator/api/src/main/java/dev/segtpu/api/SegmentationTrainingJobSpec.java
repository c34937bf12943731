package dev.segtpu.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** What to train, on which data, on which TPU slice, and under which limits. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.model.architecture == 'deeplabv3plus' ? self.dataset.format in ['voc-tfrecord', 'synthetic'] : self.dataset.format in ['coco-tfrecord', 'synthetic']",
    message = "spec.dataset.format does not fit spec.model.architecture: deeplabv3plus reads voc-tfrecord or synthetic, maskrcnn reads coco-tfrecord or synthetic",
    fieldPath = ".dataset.format")
@ValidationRule(value = "!has(self.training.epochs) || has(self.dataset.trainExamples)",
    message = "spec.training.epochs needs spec.dataset.trainExamples (the number of training images) to count steps; set it or use spec.training.steps",
    fieldPath = ".dataset.trainExamples")
@ValidationRule(value = "!has(self.preemption) || !has(self.preemption.fallbackToOnDemandAfter) || self.tpu.provisioning in ['spot', 'preemptible']",
    message = "spec.preemption.fallbackToOnDemandAfter only applies to spot or preemptible provisioning; remove it or change spec.tpu.provisioning",
    fieldPath = ".preemption.fallbackToOnDemandAfter")
@ValidationRule(value = "!has(self.provisioningLadder) || !has(self.preemption) || !has(self.preemption.fallbackToOnDemandAfter)",
    message = "spec.preemption.fallbackToOnDemandAfter and spec.provisioningLadder both say where the job goes: keep the ladder "
        + "(a rung {provisioning: on-demand, afterPreemptions: N} is the fallback)",
    fieldPath = ".provisioningLadder")
public class SegmentationTrainingJobSpec {

  @Required
  @JsonPropertyDescription("The network to train: architecture, backbone, classes and input size.")
  public ModelSpec model;

  @Required
  @JsonPropertyDescription("Training and evaluation data: format, file patterns and where the files live.")
  public DatasetSpec dataset;

  @Required
  @JsonPropertyDescription("Steps or epochs, batch size, learning-rate schedule and optimizer settings.")
  public TrainingSpec training;

  @Required
  @JsonPropertyDescription("The Cloud TPU slice: generation, topology and provisioning mode (on-demand, spot, preemptible, reservation).")
  public TpuSpec tpu;

  @Required
  @JsonPropertyDescription("Where checkpoints are written (durable storage: a preempted gang resumes from here), how often, and how many are kept.")
  public CheckpointSpec checkpoint;

  @JsonPropertyDescription("How preemptions (Spot/preemptible reclaims, node shutdowns, evictions) are handled. They never consume the failure budget.")
  public PreemptionSpec preemption;

  @Size(max = SpecLimits.MAX_LADDER_RUNGS)
  @JsonPropertyDescription("Where the job goes when its capacity fails it, in order: each rung names its provisioning and when the "
      + "job moves onto it from the rung before (after N preemptions, or a worker unschedulable for S seconds). "
      + "spec.tpu.provisioning is the first rung. Replaces preemption.fallbackToOnDemandAfter (which means a one-rung ladder to on-demand).")
  public List<ProvisioningRung> provisioningLadder;

  @JsonPropertyDescription("How trainer failures are handled: backoff limit and exit codes that mean 'retry'.")
  public FailurePolicySpec failurePolicy;

  @JsonPropertyDescription("Spending limit. At 80% the job warns; at 100% it checkpoints and stops with reason BudgetExceeded (raise the limit to resume).")
  public BudgetSpec budget;

  @JsonPropertyDescription("true tears the worker gang down after a checkpoint and keeps the job; false resumes it from the latest checkpoint. Kueue sets this field.")
  public Boolean suspend;

  @Min(1)
  @Max(SpecLimits.MAX_SECONDS)
  @JsonPropertyDescription("Seconds the job may run, counted from its first start, before it is stopped with reason DeadlineExceeded.")
  public Long activeDeadlineSeconds;

  @Min(0)
  @Max(SpecLimits.MAX_SECONDS)
  @JsonPropertyDescription("Seconds after Succeeded or Failed when the job and its objects are deleted. Unset keeps them.")
  public Integer ttlSecondsAfterFinished;

  @JsonPropertyDescription("The trainer container: image, extra args and env, resource override. Defaults to the segtpu trainer image.")
  public TrainerSpec trainer;

  /** Fields of the stored spec this operator does not know, skipped when it was read. */
  @JsonIgnore
  private List<String> unknownFields = List.of();

  /** Paths such as {@code spec.unexpectedField}: what the stored object holds that this operator ignores. */
  public List<String> unknownFields() {
    return unknownFields;
  }

  public void unknownFields(List<String> fields) {
    this.unknownFields = List.copyOf(fields);
  }

  public boolean suspended() {
    return Boolean.TRUE.equals(suspend);
  }
}
