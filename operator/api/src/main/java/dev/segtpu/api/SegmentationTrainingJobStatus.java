package dev.segtpu.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** What the operator observed. Everything here is derived from the cluster and the trainer's own status. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SegmentationTrainingJobStatus {

  @JsonPropertyDescription("Pending, Scheduling, Running, Restarting, Suspended, Succeeded or Failed.")
  public Phase phase;

  @JsonPropertyDescription("Kubernetes-style conditions: Valid, Scheduled, Running, Hung, Suspended, BudgetWarning, ProjectedOverLimit (the estimate or the measured pace would overrun spec.budget.maxCostUSD or activeDeadlineSeconds), Succeeded, Failed.")
  public List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("The metadata.generation this status reflects.")
  public Long observedGeneration;

  @JsonPropertyDescription("The slice in use, e.g. 'v5e 2x4 spot' (its provisioning changes as the job climbs its provisioning ladder).")
  public String tpu;

  @JsonPropertyDescription("The provisioning mode of the current attempt.")
  public Provisioning provisioning;

  @JsonPropertyDescription("The provisioning ladder's rung in use and why the job moved onto it (jobs with a ladder or fallbackToOnDemandAfter).")
  public RungStatus rung;

  @JsonPropertyDescription("Number of the current attempt, from 1. Also the fencing token passed to the trainer.")
  public Integer attempt;

  @JsonPropertyDescription("Gangs lost to preemption (Spot/preemptible reclaim, node shutdown, eviction, node loss).")
  public Integer preemptions;

  @JsonPropertyDescription("Gangs lost to trainer failures (non-zero exit, OOMKilled); counted against failurePolicy.backoffLimit.")
  public Integer failures;

  @JsonPropertyDescription("Gangs restarted because their step counter stopped advancing (spec.failurePolicy.hangDetection); each is also one of the failures.")
  public Integer hangs;

  @JsonPropertyDescription("The step counter the hang detector watches: the current attempt's last reported step and phase, and since when they are unchanged.")
  public StepWatchStatus stepWatch;

  @JsonPropertyDescription("Training progress as reported by worker 0.")
  public ProgressStatus progress;

  @JsonPropertyDescription("The latest complete checkpoint the trainer reported.")
  public CheckpointStatus lastCheckpoint;

  @JsonPropertyDescription("Measured training speed.")
  public ThroughputStatus throughput;

  @JsonPropertyDescription("TPU spend so far and projected, with the price table used.")
  public CostStatus cost;

  @JsonPropertyDescription("Expected duration, cost and finish written when the job is admitted (segtpu's planner), and the finish projected from the measured throughput as it runs.")
  public EstimateStatus estimate;

  @JsonPropertyDescription("Share of TPU time spent on productive training, and where the rest went.")
  public GoodputStatus goodput;

  @JsonPropertyDescription("The latest evaluation: mIoU and pixel accuracy (DeepLab), box and mask AP (Mask R-CNN).")
  public EvalMetricsStatus evalMetrics;

  @JsonPropertyDescription("The checkpoint with the best evaluation so far, as the trainer reports it: kept beyond checkpoint.keep and exported.")
  public BestCheckpointStatus bestCheckpoint;

  @JsonPropertyDescription("Set when training stopped early (spec.training.earlyStopping): where, and what it saved against the planned steps.")
  public EarlyStopStatus earlyStop;

  @JsonPropertyDescription("Checkpoint interval given to the current attempt's trainer (SEGTPU_CHECKPOINT_INTERVAL): seconds such as '600s' or steps such as '2000steps'; auto and minutes or hours in the spec are resolved to seconds.")
  public String checkpointInterval;

  @JsonPropertyDescription("TensorFlow device the trainer runs on, as it reports it.")
  public String device;

  @JsonPropertyDescription("When the first attempt started (RFC 3339).")
  public String startTime;

  @JsonPropertyDescription("When the current attempt's pods were created (RFC 3339).")
  public String attemptStartTime;

  @JsonPropertyDescription("When the job reached Succeeded or Failed (RFC 3339).")
  public String completionTime;

  @JsonPropertyDescription("Highest attempt whose worker pods were all created. A worker of this attempt that disappears is a lost gang, not a pod still to create.")
  public Integer launchedAttempt;

  @JsonPropertyDescription("Highest attempt whose ending was recorded (counted once; its pods are torn down before the next attempt starts).")
  public Integer endedAttempt;

  @JsonPropertyDescription("How the latest finished attempt ended.")
  public AttemptEndingStatus lastEnding;

  @JsonPropertyDescription("Global step the current attempt restored from, as the trainer reported it.")
  public Long restoredFromStep;

  @JsonPropertyDescription("The spec (JSON) the first attempt started with. Immutable fields (model, dataset, training, tpu, checkpoint, trainer) keep these values while the job lives.")
  public String acceptedSpec;

  public Phase phaseOrPending() {
    return phase == null ? Phase.Pending : phase;
  }

  public int attemptOrZero() {
    return attempt == null ? 0 : attempt;
  }

  public int preemptionsOrZero() {
    return preemptions == null ? 0 : preemptions;
  }

  public int failuresOrZero() {
    return failures == null ? 0 : failures;
  }

  public int hangsOrZero() {
    return hangs == null ? 0 : hangs;
  }

  public int launchedAttemptOrZero() {
    return launchedAttempt == null ? 0 : launchedAttempt;
  }

  public int endedAttemptOrZero() {
    return endedAttempt == null ? 0 : endedAttempt;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class BestCheckpointStatus {
    public Long step;
    @JsonPropertyDescription("The evaluation metric compared, e.g. meanIoU.")
    public String metric;
    public Double value;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class EarlyStopStatus {
    @JsonPropertyDescription("The step training stopped at.")
    public Long step;
    @JsonPropertyDescription("The steps the job was planned to train.")
    public Long plannedSteps;
    @JsonPropertyDescription("plannedSteps - step.")
    public Long stepsSaved;
    @JsonPropertyDescription("The skipped steps at the last measured step rate.")
    public Double secondsSaved;
    @JsonPropertyDescription("The projected cost at completion minus the cost so far, from the last status before the stop (USD).")
    public Double costSavedUSD;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class StepWatchStatus {
    @JsonPropertyDescription("The attempt whose trainer reported this step.")
    public Integer attempt;
    @JsonPropertyDescription("The step worker 0 last reported.")
    public Long step;
    @JsonPropertyDescription("The phase worker 0 last reported (only 'training' can be hung).")
    public String phase;
    @JsonPropertyDescription("Since when step and phase are unchanged (RFC 3339).")
    public String since;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class AttemptEndingStatus {
    @JsonPropertyDescription("The attempt that ended.")
    public Integer attempt;
    @JsonPropertyDescription("Succeeded, Preempted, RetryableExit, TrainerFailed, ConfigurationFailed or Stopped (suspend, budget, deadline).")
    public String kind;
    @JsonPropertyDescription("Machine-readable cause, e.g. TerminationByKubelet, OOMKilled, ExitCode, ImagePullFailed.")
    public String reason;
    @JsonPropertyDescription("What happened, naming the worker pod.")
    public String message;
    @JsonPropertyDescription("Index of the worker that ended the attempt, when one did.")
    public Integer worker;
    @JsonPropertyDescription("When the operator recorded it (RFC 3339).")
    public String time;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ProgressStatus {
    @JsonPropertyDescription("Global step reached.")
    public Long step;
    @JsonPropertyDescription("Steps to reach.")
    public Long totalSteps;
    @JsonPropertyDescription("Current epoch, from 0.")
    public Long epoch;
    @JsonPropertyDescription("step / totalSteps in percent, rounded down.")
    public Integer percent;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class CheckpointStatus {
    public Long step;
    @JsonPropertyDescription("When it was written (RFC 3339).")
    public String time;
    @JsonPropertyDescription("Attempt that wrote it.")
    public Integer attempt;
    @JsonPropertyDescription("Seconds the trainer took to write it (the checkpoint cost used by checkpoint.interval: auto).")
    public Double saveSeconds;
  }

  /**
   * The planner's estimate for the job's own slice, fixed at admission so it can be compared with what
   * happened, and the projection from measured throughput, which replaces the guess as the job runs.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class EstimateStatus {
    @JsonPropertyDescription("When the estimate was made: the job's first valid reconciliation (RFC 3339).")
    public String admittedTime;
    @JsonPropertyDescription("Expected wall time in seconds at admission: training at the planned throughput plus start and expected preemption overhead.")
    public Double durationSeconds;
    @JsonPropertyDescription("Expected USD at admission, with the operator's price table.")
    public Double costUSD;
    @JsonPropertyDescription("admittedTime + durationSeconds (RFC 3339).")
    public String finishTime;
    @JsonPropertyDescription("What the admission estimate rests on: throughput source and derivation, preemption assumptions, price table.")
    public String basis;
    @JsonPropertyDescription("Finish projected from the measured throughput and the remaining steps, with expected preemption overhead (RFC 3339); unset until the trainer reports throughput.")
    public String projectedFinishTime;
    @JsonPropertyDescription("How projectedFinishTime was computed.")
    public String projectedBasis;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ThroughputStatus {
    public Double imagesPerSecond;
    public Double stepsPerSecond;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class CostStatus {
    @JsonPropertyDescription("USD spent so far: chip-hours held by each attempt times the price of its provisioning mode.")
    public Double soFarUSD;
    @JsonPropertyDescription("USD projected at completion from the measured throughput.")
    public Double projectedUSD;
    @JsonPropertyDescription("USD spent on progress lost to preemptions (steps recomputed).")
    public Double wastedUSD;
    @JsonPropertyDescription("USD per epoch at the measured throughput, when the dataset size is known.")
    public Double perEpochUSD;
    @JsonPropertyDescription("TPU chip-hours held so far.")
    public Double chipHours;
    @JsonPropertyDescription("Name and date of the price table, e.g. 'gcp-list-us-central1 (2026-11-01)'.")
    public String priceTable;
    @JsonPropertyDescription("TPU chip-seconds held so far (released and current attempts), by provisioning mode.")
    public java.util.Map<String, Double> chipSecondsByProvisioning;
    @JsonPropertyDescription("USD spent so far, by provisioning mode.")
    public java.util.Map<String, Double> soFarUSDByProvisioning;
    @JsonPropertyDescription("Chip-seconds of attempts whose TPU nodes were released, by provisioning mode. The running attempt is re-derived from its pods, so this survives an operator restart.")
    public java.util.Map<String, Double> releasedChipSeconds;
    @JsonPropertyDescription("Chip-seconds spent on steps recomputed after preemptions, by provisioning mode.")
    public java.util.Map<String, Double> wastedChipSeconds;
    @JsonPropertyDescription("TPU nodes held by worker pods and not yet in releasedChipSeconds: the running attempt's, and a stopped attempt's until its pods are gone (the SIGTERM checkpoint is billed too). Kept here so that a restarted operator still bills them.")
    public java.util.List<HeldNodeStatus> heldNodes;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class HeldNodeStatus {
    public Integer attempt;
    public Integer worker;
    public Provisioning provisioning;
    public Integer chips;
    @JsonPropertyDescription("When the worker's pod was scheduled onto its TPU node (RFC 3339).")
    public String since;
    @JsonPropertyDescription("When the node was released: the worker's containers ended, or its pod was found gone.")
    public String releasedAt;
    @JsonPropertyDescription("The cloud took the node back (preemptible capacity reclaimed within its first minute is not charged).")
    public Boolean reclaimed;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class GoodputStatus {
    @JsonPropertyDescription("Productive training time / total TPU time, 0..1.")
    public Double ratio;
    public Double productiveSeconds;
    @JsonPropertyDescription("Seconds lost by category: scheduling, startup, checkpointRestore, checkpointSave, dataWait, evaluation, disruption, other.")
    public java.util.Map<String, Double> badputSeconds;
    @JsonPropertyDescription("Productive seconds of finished attempts (the running attempt is added from the trainer's live figures).")
    public Double closedAttemptsProductiveSeconds;
    @JsonPropertyDescription("Badput seconds of finished attempts, by category.")
    public java.util.Map<String, Double> closedAttemptsBadputSeconds;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class EvalMetricsStatus {
    public Long step;
    public Double meanIoU;
    public Double pixelAccuracy;
    @JsonPropertyDescription("COCO box AP (Mask R-CNN), averaged over the IoU thresholds 0.50 to 0.95.")
    public Double boxAP;
    @JsonPropertyDescription("COCO mask AP (Mask R-CNN), averaged over the IoU thresholds 0.50 to 0.95.")
    public Double maskAP;
    @JsonPropertyDescription("COCO box AP at IoU 0.50 (Mask R-CNN).")
    public Double boxAP50;
    @JsonPropertyDescription("COCO box AP at IoU 0.75 (Mask R-CNN).")
    public Double boxAP75;
  }
}
