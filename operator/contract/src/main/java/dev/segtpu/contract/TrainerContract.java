package dev.segtpu.contract;

/**
 * Names of the environment variables, ports and exit codes shared by the operator and any trainer
 * image, defined once: the operator writes them, the trainer and the sandbox's stand-in read them.
 * docs/trainer-contract.md explains each one ({@code ContractDocumentTest} keeps the two in step);
 * {@link TrainerExit} says what each exit code makes the operator do.
 */
public final class TrainerContract {

  private TrainerContract() {}

  public static final String JOB_NAME = "SEGTPU_JOB_NAME";
  public static final String JOB_NAMESPACE = "SEGTPU_JOB_NAMESPACE";
  public static final String ATTEMPT = "SEGTPU_ATTEMPT";
  public static final String WORKER_ID = "SEGTPU_WORKER_ID";
  public static final String WORKER_COUNT = "SEGTPU_WORKER_COUNT";
  public static final String TPU_WORKER_ID = "TPU_WORKER_ID";
  public static final String TPU_WORKER_HOSTNAMES = "TPU_WORKER_HOSTNAMES";
  public static final String TPU_NAME = "TPU_NAME";
  /**
   * Multislice (a job of several TPU slices joined over the data-centre network): the address, with port
   * {@link #DEFAULT_MEGASCALE_PORT}, of worker 0 of slice 0, which coordinates the slices. These four are the
   * names Cloud TPU software (libtpu, JAX, xpk, KubeRay) reads; set only when the job has more than one slice.
   */
  public static final String MEGASCALE_COORDINATOR_ADDRESS = "MEGASCALE_COORDINATOR_ADDRESS";
  /** Multislice: how many slices the job runs on. */
  public static final String MEGASCALE_NUM_SLICES = "MEGASCALE_NUM_SLICES";
  /** Multislice: this worker's slice, 0-based. */
  public static final String MEGASCALE_SLICE_ID = "MEGASCALE_SLICE_ID";
  /** Multislice: the port the slices' coordination service listens on ({@link #DEFAULT_MEGASCALE_PORT}). */
  public static final String MEGASCALE_PORT = "MEGASCALE_PORT";
  /**
   * Every worker of the job in {@link #WORKER_ID} order, comma-separated host names (or addresses): the
   * data-parallel group a multi-host trainer forms. Set when {@link #WORKER_COUNT} is above 1.
   */
  public static final String PEER_HOSTNAMES = "SEGTPU_PEER_HOSTNAMES";
  /** The port every worker's collective runtime (TensorFlow's gRPC server) listens on; default {@link #DEFAULT_COLLECTIVE_PORT}. */
  public static final String COLLECTIVE_PORT = "SEGTPU_COLLECTIVE_PORT";
  /**
   * Seconds a worker waits for every peer to appear before training, and for a peer's part of a
   * collective during training, before it exits {@link #EXIT_PEER_LOST}; unset: the trainer's default.
   */
  public static final String PEER_TIMEOUT_SECONDS = "SEGTPU_PEER_TIMEOUT_SECONDS";

  public static final String MODEL = "SEGTPU_MODEL";
  public static final String BACKBONE = "SEGTPU_BACKBONE";
  public static final String NUM_CLASSES = "SEGTPU_NUM_CLASSES";
  public static final String IMAGE_SIZE = "SEGTPU_IMAGE_SIZE";
  public static final String OUTPUT_STRIDE = "SEGTPU_OUTPUT_STRIDE";

  public static final String DATASET_FORMAT = "SEGTPU_DATASET_FORMAT";
  public static final String DATA_DIR = "SEGTPU_DATA_DIR";
  public static final String TRAIN_FILE_PATTERN = "SEGTPU_TRAIN_FILE_PATTERN";
  public static final String EVAL_FILE_PATTERN = "SEGTPU_EVAL_FILE_PATTERN";
  public static final String TRAIN_EXAMPLES = "SEGTPU_TRAIN_EXAMPLES";

  public static final String TOTAL_STEPS = "SEGTPU_TOTAL_STEPS";
  public static final String BATCH_SIZE = "SEGTPU_BATCH_SIZE";
  public static final String LR_SCHEDULE = "SEGTPU_LR_SCHEDULE";
  public static final String LR_BASE = "SEGTPU_LR_BASE";
  public static final String LR_POWER = "SEGTPU_LR_POWER";
  public static final String LR_WARMUP_STEPS = "SEGTPU_LR_WARMUP_STEPS";
  public static final String LR_WARMUP_RATE = "SEGTPU_LR_WARMUP_RATE";
  public static final String LR_BOUNDARIES = "SEGTPU_LR_BOUNDARIES";
  public static final String LR_MULTIPLIERS = "SEGTPU_LR_MULTIPLIERS";
  public static final String MOMENTUM = "SEGTPU_MOMENTUM";
  public static final String WEIGHT_DECAY = "SEGTPU_WEIGHT_DECAY";
  public static final String EVAL_INTERVAL_STEPS = "SEGTPU_EVAL_INTERVAL_STEPS";
  public static final String SEED = "SEGTPU_SEED";
  /**
   * Early stopping ({@code spec.training.earlyStopping}): the evaluation metric followed (one of
   * {@link StatusDocument#METRICS}), the evaluations without an improvement of at least the minimum delta
   * after which training stops, and that delta. Unset metric: no early stopping (the best checkpoint is
   * still kept, by mean IoU).
   */
  public static final String EARLY_STOP_METRIC = "SEGTPU_EARLY_STOP_METRIC";
  public static final String EARLY_STOP_PATIENCE = "SEGTPU_EARLY_STOP_PATIENCE";
  public static final String EARLY_STOP_MIN_DELTA = "SEGTPU_EARLY_STOP_MIN_DELTA";

  public static final String CHECKPOINT_DIR = "SEGTPU_CHECKPOINT_DIR";
  public static final String CHECKPOINT_INTERVAL = "SEGTPU_CHECKPOINT_INTERVAL";
  public static final String CHECKPOINT_KEEP = "SEGTPU_CHECKPOINT_KEEP";
  /**
   * A directory (under the checkpoint storage) of an earlier job whose newest committed checkpoint the
   * trainer restores, read-only, when its own directory has none: {@code spec.checkpoint.resumeFrom}.
   * Either one incarnation ({@code <namespace>/<name>/<uid>}) or every incarnation of a name
   * ({@code <namespace>/<name>}, the newest checkpoint among them).
   */
  public static final String RESUME_FROM_DIR = "SEGTPU_RESUME_FROM_DIR";
  /**
   * What the trainer does when checkpoints are committed but none restores: {@code fail} (default,
   * exit {@link #EXIT_CHECKPOINT_UNRESTORABLE}) or {@code start-over} (train from step 0).
   */
  public static final String CHECKPOINT_ON_UNRESTORABLE = "SEGTPU_CHECKPOINT_ON_UNRESTORABLE";
  public static final String ON_UNRESTORABLE_FAIL = "fail";
  public static final String ON_UNRESTORABLE_START_OVER = "start-over";

  public static final String STATUS_PORT = "SEGTPU_STATUS_PORT";
  public static final String BIND_ADDRESS = "SEGTPU_BIND_ADDRESS";
  public static final String SCRATCH_DIR = "SEGTPU_SCRATCH_DIR";
  /**
   * Where the trainer writes its final status JSON as it exits, when not the container's
   * terminationMessagePath (/dev/termination-log); set by the sandbox's kubelet, not by the operator.
   */
  public static final String TERMINATION_MESSAGE_PATH = "SEGTPU_TERMINATION_MESSAGE_PATH";

  /** Prefixes a user may not set through spec.trainer.env. */
  public static final String RESERVED_PREFIX = "SEGTPU_";
  public static final String RESERVED_TPU_PREFIX = "TPU_";
  public static final String RESERVED_MEGASCALE_PREFIX = "MEGASCALE_";

  public static final int DEFAULT_STATUS_PORT = 8471;
  public static final int DEFAULT_COLLECTIVE_PORT = 8476;
  /**
   * The multislice coordinator's port. Not in our reference notes: 8080 is the port JobSet's and xpk's
   * multislice examples declare on TPU workers (Ray uses 8081); it is passed explicitly in
   * {@link #MEGASCALE_PORT} and {@link #MEGASCALE_COORDINATOR_ADDRESS}, so a trainer never relies on libtpu's default.
   */
  public static final int DEFAULT_MEGASCALE_PORT = 8080;

  /**
   * The uid and gid the trainer runs as: the trainer image's {@code USER}, and the operator's
   * {@code runAsUser}, {@code runAsGroup} and {@code fsGroup} for its pods (and the owner it gives mounted
   * Cloud Storage). One value, so what the process writes to its scratch, termination-message and checkpoint
   * paths is owned alike whether the image or the pod decides; {@code DockerfileBuildStagesTest} checks the image.
   */
  public static final long TRAINER_UID = 10001;

  /** The largest termination message Kubernetes keeps (the trainer drops per-class IoU to fit). */
  public static final int TERMINATION_MESSAGE_LIMIT_BYTES = 4096;

  /** Every environment variable of the contract that starts with {@link #RESERVED_PREFIX}, in declaration order. */
  public static java.util.List<String> reservedEnvironment() {
    return Reserved.NAMES;
  }

  /** Read once: the validator asks on every reconciliation. */
  private static final class Reserved {
    static final java.util.List<String> NAMES = java.util.List.copyOf(collect());
  }

  private static java.util.List<String> collect() {
    java.util.List<String> names = new java.util.ArrayList<>();
    for (java.lang.reflect.Field field : TrainerContract.class.getFields()) {
      if (field.getType() == String.class && java.lang.reflect.Modifier.isStatic(field.getModifiers())) {
        try {
          String value = (String) field.get(null);
          if (value.startsWith(RESERVED_PREFIX) && value.length() > RESERVED_PREFIX.length()) {
            names.add(value);
          }
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return names;
  }

  /**
   * The command-line flag a trainer may offer for a contract variable, by the contract's naming rule:
   * {@code SEGTPU_CHECKPOINT_DIR} is {@code --checkpoint-dir}. Such flags in {@code spec.trainer.args}
   * would override what the operator sets (the attempt is the fencing token), so the operator refuses them.
   */
  public static String flagOf(String environmentVariable) {
    return "--" + environmentVariable.substring(RESERVED_PREFIX.length()).toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  public static final int EXIT_SUCCEEDED = 0;
  /** Any other failure; retried with backoff. Also what any code not in {@link TrainerExit} means. */
  public static final int EXIT_FAILED = 1;
  public static final int EXIT_CHECKPOINTED_ON_SIGTERM = 42;
  public static final int EXIT_CONFIGURATION_ERROR = 2;
  public static final int EXIT_FENCED = 3;
  /**
   * The dataset cannot be used: missing directory, a file pattern matching nothing, a corrupt or
   * malformed record. Not retried: the same data fails the same way on the next attempt.
   */
  public static final int EXIT_DATA_ERROR = 4;
  /**
   * Committed checkpoints exist but none restores (all damaged), and {@link #CHECKPOINT_ON_UNRESTORABLE}
   * is not {@code start-over}. Not retried: starting from step 0 would let keep-N delete the evidence.
   */
  public static final int EXIT_CHECKPOINT_UNRESTORABLE = 5;
  /**
   * A multi-host worker lost a peer: one never appeared within {@link #PEER_TIMEOUT_SECONDS}, died, or
   * stopped answering during a collective. The gang restarts; the peer's own ending, when the operator
   * sees one, is the cause it reports.
   */
  public static final int EXIT_PEER_LOST = 6;
}
