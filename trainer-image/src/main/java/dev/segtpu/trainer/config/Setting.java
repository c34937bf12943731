package dev.segtpu.trainer.config;

import dev.segtpu.contract.StatusDocument;
import dev.segtpu.contract.TrainerContract;
import java.util.Optional;

/**
 * Every setting the trainer accepts: its environment variable (the operator's contract,
 * docs/trainer-contract.md) and the command-line flag for local runs. A flag may only repeat a variable
 * that is set, never change it (the operator sets the variables; user args must not defeat fencing).
 * The last group are local knobs outside the contract (tiny networks for tests, synthetic data size).
 */
public enum Setting {
  JOB_NAME(TrainerContract.JOB_NAME, "--job-name", "job name (logs only)"),
  JOB_NAMESPACE(TrainerContract.JOB_NAMESPACE, "--job-namespace", "job namespace (logs only)"),
  ATTEMPT(TrainerContract.ATTEMPT, "--attempt", "attempt number from 1; the checkpoint fencing token"),
  WORKER_ID(TrainerContract.WORKER_ID, "--worker-id", "this worker's index in the job (all hosts of all slices)"),
  WORKER_COUNT(TrainerContract.WORKER_COUNT, "--worker-count", "workers of the job: one data-parallel group"),
  PEER_HOSTNAMES(TrainerContract.PEER_HOSTNAMES, "--peer-hostnames", "every worker's host name, comma-separated, by index"),
  COLLECTIVE_PORT(TrainerContract.COLLECTIVE_PORT, "--collective-port", "port of each worker's collective runtime"),
  PEER_TIMEOUT_SECONDS(TrainerContract.PEER_TIMEOUT_SECONDS, "--peer-timeout-seconds",
      "wait this long for peers to appear and for a peer's part of a collective (longer than an evaluation)"),
  TPU_WORKER_ID(TrainerContract.TPU_WORKER_ID, null, "GKE's name for the worker index"),
  TPU_WORKER_HOSTNAMES(TrainerContract.TPU_WORKER_HOSTNAMES, null, "GKE's list of worker hostnames"),
  TPU_NAME(TrainerContract.TPU_NAME, null, "GKE's slice name"),
  MEGASCALE_COORDINATOR_ADDRESS(TrainerContract.MEGASCALE_COORDINATOR_ADDRESS, null,
      "TPU runtime's multislice coordinator (not used: the workers of all slices form one group from SEGTPU_PEER_HOSTNAMES)"),
  MEGASCALE_PORT(TrainerContract.MEGASCALE_PORT, null, "TPU runtime's multislice port (not used)"),
  MEGASCALE_NUM_SLICES(TrainerContract.MEGASCALE_NUM_SLICES, null, "slices of the job (TPU runtime's name; not used)"),
  MEGASCALE_SLICE_ID(TrainerContract.MEGASCALE_SLICE_ID, null, "this worker's slice (TPU runtime's name; not used)"),
  MODEL(TrainerContract.MODEL, "--model", "deeplabv3plus or maskrcnn"),
  BACKBONE(TrainerContract.BACKBONE, "--backbone", "mobilenetv2, resnet50 or resnet101 (maskrcnn: resnet50 or resnet101)"),
  NUM_CLASSES(TrainerContract.NUM_CLASSES, "--num-classes", "classes including background"),
  IMAGE_SIZE(TrainerContract.IMAGE_SIZE, "--image-size", "crop size (height = width)"),
  OUTPUT_STRIDE(TrainerContract.OUTPUT_STRIDE, "--output-stride", "8 or 16 (deeplabv3plus)"),
  DATASET_FORMAT(TrainerContract.DATASET_FORMAT, "--dataset-format", "voc-tfrecord (deeplabv3plus), coco-tfrecord (maskrcnn) or synthetic"),
  DATA_DIR(TrainerContract.DATA_DIR, "--data-dir", "directory the file patterns are relative to"),
  TRAIN_FILE_PATTERN(TrainerContract.TRAIN_FILE_PATTERN, "--train-file-pattern", "glob of training TFRecords"),
  EVAL_FILE_PATTERN(TrainerContract.EVAL_FILE_PATTERN, "--eval-file-pattern", "glob of evaluation TFRecords"),
  TRAIN_EXAMPLES(TrainerContract.TRAIN_EXAMPLES, "--train-examples", "dataset size when known"),
  TOTAL_STEPS(TrainerContract.TOTAL_STEPS, "--total-steps", "global step at which training ends"),
  BATCH_SIZE(TrainerContract.BATCH_SIZE, "--batch-size", "global batch size"),
  LR_SCHEDULE(TrainerContract.LR_SCHEDULE, "--lr-schedule", "poly or stepwise"),
  LR_BASE(TrainerContract.LR_BASE, "--lr-base", "base learning rate"),
  LR_POWER(TrainerContract.LR_POWER, "--lr-power", "poly power"),
  LR_WARMUP_STEPS(TrainerContract.LR_WARMUP_STEPS, "--lr-warmup-steps", "linear warm-up steps"),
  LR_WARMUP_RATE(TrainerContract.LR_WARMUP_RATE, "--lr-warmup-rate", "learning rate at step 0 of the warm-up"),
  LR_BOUNDARIES(TrainerContract.LR_BOUNDARIES, "--lr-boundaries", "stepwise: comma-separated steps"),
  LR_MULTIPLIERS(TrainerContract.LR_MULTIPLIERS, "--lr-multipliers", "stepwise: comma-separated multipliers of the base"),
  MOMENTUM(TrainerContract.MOMENTUM, "--momentum", "SGD momentum"),
  WEIGHT_DECAY(TrainerContract.WEIGHT_DECAY, "--weight-decay", "L2 weight decay on kernels"),
  EVAL_INTERVAL_STEPS(TrainerContract.EVAL_INTERVAL_STEPS, "--eval-interval-steps", "evaluate every N steps (unset: at the end)"),
  SEED(TrainerContract.SEED, "--seed", "seed for initialisation, order and augmentation"),
  EARLY_STOP_METRIC(TrainerContract.EARLY_STOP_METRIC, "--early-stop-metric",
      String.join(" or ", StatusDocument.METRICS) + ": stop when it stops improving (unset: train to the total steps)"),
  EARLY_STOP_PATIENCE(TrainerContract.EARLY_STOP_PATIENCE, "--early-stop-patience",
      "evaluations in a row without an improvement before stopping (default 3)"),
  EARLY_STOP_MIN_DELTA(TrainerContract.EARLY_STOP_MIN_DELTA, "--early-stop-min-delta",
      "the least improvement that counts (default 0)"),
  CHECKPOINT_DIR(TrainerContract.CHECKPOINT_DIR, "--checkpoint-dir", "durable checkpoint directory"),
  CHECKPOINT_INTERVAL(TrainerContract.CHECKPOINT_INTERVAL, "--checkpoint-interval", "<N>steps or <N>s"),
  CHECKPOINT_KEEP(TrainerContract.CHECKPOINT_KEEP, "--checkpoint-keep", "complete checkpoints to keep"),
  CHECKPOINT_ON_UNRESTORABLE(TrainerContract.CHECKPOINT_ON_UNRESTORABLE, "--checkpoint-on-unrestorable",
      "when committed checkpoints exist but none restores: fail (default, exit 5) or start-over (from step 0)"),
  RESUME_FROM_DIR(TrainerContract.RESUME_FROM_DIR, "--resume-from-dir", "an earlier job's checkpoints (one incarnation, or the "
      + "directory of all its incarnations) to restore read-only when this job's directory has no committed checkpoint"),
  STATUS_PORT(TrainerContract.STATUS_PORT, "--status-port", "port of /status and /metrics (0: any free port)"),
  BIND_ADDRESS(TrainerContract.BIND_ADDRESS, "--bind-address", "address to bind"),
  SCRATCH_DIR(TrainerContract.SCRATCH_DIR, "--scratch-dir", "writable scratch directory"),
  TERMINATION_MESSAGE_PATH(TrainerContract.TERMINATION_MESSAGE_PATH, "--termination-message-path",
      "file for the final status JSON on exit (default: /dev/termination-log when Kubernetes provides it)"),
  RECOMPUTE("SEGTPU_RECOMPUTE", "--recompute", "auto (default): keep activations when the forward outputs fit 1 GiB, else "
      + "keep those of the segments that spare the most recomputation within 1 GiB and recompute the rest in the backward pass; "
      + "true: recompute every segment (MobileNetV2 513² b4 in ~1.4 GiB); false: always keep "
      + "(~20–30 % faster MobileNetV2 steps for ~3× the memory)"),
  WIDTH_MULTIPLIER("SEGTPU_WIDTH_MULTIPLIER", "--width-multiplier", "local: scales backbone channels"),
  MAX_BLOCK_REPEATS("SEGTPU_MAX_BLOCK_REPEATS", "--max-block-repeats", "local: caps blocks per backbone stage (0: none)"),
  ASPP_CHANNELS("SEGTPU_ASPP_CHANNELS", "--aspp-channels", "local: ASPP channels (256)"),
  DECODER_CHANNELS("SEGTPU_DECODER_CHANNELS", "--decoder-channels", "local: decoder channels (256)"),
  LOW_LEVEL_CHANNELS("SEGTPU_LOW_LEVEL_CHANNELS", "--low-level-channels", "local: stride-4 projection channels (48)"),
  FPN_CHANNELS("SEGTPU_FPN_CHANNELS", "--fpn-channels", "local: maskrcnn feature pyramid, RPN and mask head channels (256)"),
  BOX_HEAD_DIM("SEGTPU_BOX_HEAD_DIM", "--box-head-dim", "local: maskrcnn box head width (1024)"),
  ROIS_PER_IMAGE("SEGTPU_ROIS_PER_IMAGE", "--rois-per-image", "local: maskrcnn RoIs sampled per image (512)"),
  MAX_INSTANCES("SEGTPU_MAX_INSTANCES", "--max-instances", "local: maskrcnn object slots per image (100)"),
  BATCH_NORM_DECAY("SEGTPU_BATCH_NORM_DECAY", "--batch-norm-decay", "local: moving-average decay (default: 0.9997, shorter for runs under ~17,000 steps so the averages catch up)"),
  SYNTHETIC_EXAMPLES("SEGTPU_SYNTHETIC_EXAMPLES", "--synthetic-examples", "local: synthetic examples per epoch"),
  SYNTHETIC_IMAGE_SIZE("SEGTPU_SYNTHETIC_IMAGE_SIZE", "--synthetic-image-size", "local: synthetic image size before augmentation");

  private final String environmentVariable;
  private final String flag;
  private final String description;

  Setting(String environmentVariable, String flag, String description) {
    this.environmentVariable = environmentVariable;
    this.flag = flag;
    this.description = description;
  }

  public String environmentVariable() {
    return environmentVariable;
  }

  public Optional<String> flag() {
    return Optional.ofNullable(flag);
  }

  public String description() {
    return description;
  }

  /** "SEGTPU_X (--x)": how error messages name a setting, so the reader can fix either form. */
  public String display() {
    return flag == null ? environmentVariable : environmentVariable + " (" + flag + ")";
  }

  public static Optional<Setting> byEnvironmentVariable(String name) {
    for (Setting s : values()) {
      if (s.environmentVariable.equals(name)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
