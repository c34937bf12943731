package dev.segtpu.trainer.config;

import dev.segtpu.contract.ContractValues;
import dev.segtpu.contract.StatusDocument;
import dev.segtpu.contract.TrainerContract;
import dev.segtpu.contract.TrainerInterval;
import dev.segtpu.trainer.distributed.PeerGroup;
import dev.segtpu.trainer.input.DatasetFormat;
import dev.segtpu.trainer.input.InputSpec;
import dev.segtpu.trainer.model.ModelCatalog;
import dev.segtpu.trainer.model.deeplab.BackboneKind;
import dev.segtpu.trainer.model.ModelSpec;
import dev.segtpu.trainer.model.deeplab.DeepLabSpec;
import dev.segtpu.trainer.model.maskrcnn.MaskRcnnSpec;
import dev.segtpu.trainer.telemetry.TerminationMessage;
import dev.segtpu.trainer.train.EarlyStopping;
import dev.segtpu.trainer.train.LearningRateSchedule;
import dev.segtpu.trainer.train.MomentumSgd;
import dev.segtpu.trainer.train.PolySchedule;
import dev.segtpu.trainer.train.RecomputePolicy;
import dev.segtpu.trainer.train.StepwiseSchedule;
import dev.segtpu.trainer.train.Warmup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine;

/**
 * Builds a {@link TrainerConfig} from the environment (the operator's contract) and command-line flags
 * (local runs; a flag may not contradict a variable that is set). Unknown SEGTPU_ variables, unknown flags, bad values and
 * contradictions fail with a {@link ConfigurationException} naming the setting.
 */
public final class TrainerConfigParser {

  private TrainerConfigParser() {}

  /** The flags, generated from {@link Setting}, for parsing and for --help. */
  public static CommandSpec commandSpec() {
    CommandSpec spec = CommandSpec.create().name("segtpu-trainer").mixinStandardHelpOptions(true);
    spec.usageMessage().description("Trains DeepLab v3+ with TensorFlow Java; every flag can also be set "
        + "by its environment variable (shown in brackets).");
    for (Setting setting : Setting.values()) {
      setting.flag().ifPresent(flag -> spec.addOption(OptionSpec.builder(flag).type(String.class).paramLabel("VALUE")
          .description(setting.description() + " [" + setting.environmentVariable() + "]").build()));
    }
    return spec;
  }

  /** @return null when --help or --version was asked for (usage is printed) */
  public static TrainerConfig parse(Map<String, String> environment, String[] args) {
    SettingValues values = new SettingValues();
    for (Map.Entry<String, String> e : environment.entrySet()) {
      if (e.getKey().startsWith(TrainerContract.RESERVED_PREFIX)) {
        Setting setting = Setting.byEnvironmentVariable(e.getKey()).orElseThrow(() -> new ConfigurationException(
            "unknown setting " + e.getKey() + "; remove it (see --help for the settings this trainer reads)"));
        values.put(setting, e.getValue());
      } else {
        Setting.byEnvironmentVariable(e.getKey()).ifPresent(s -> values.put(s, e.getValue()));
      }
    }
    CommandLine commandLine = new CommandLine(commandSpec());
    ParseResult result;
    try {
      result = commandLine.parseArgs(args);
    } catch (CommandLine.ParameterException e) {
      throw new ConfigurationException(e.getMessage());
    }
    if (CommandLine.printHelpIfRequested(result)) {
      return null;
    }
    for (Setting setting : Setting.values()) {
      setting.flag().filter(result::hasMatchedOption).ifPresent(flag -> {
        String value = result.matchedOptionValue(flag, "");
        refuseOverride(setting, values.text(setting), value);
        values.put(setting, value);
      });
    }
    return build(values);
  }

  /**
   * A flag may not contradict its environment variable. The operator sets the contract's variables
   * (attempt, checkpoint directory, ...) and the user's {@code spec.trainer.args} reach the trainer as
   * flags: were flags to win, {@code --attempt=999} would defeat fencing. Local runs set no variables, so
   * their flags still apply; a flag repeating the variable's value is harmless.
   */
  private static void refuseOverride(Setting setting, Optional<String> fromEnvironment, String flagValue) {
    if (fromEnvironment.isPresent() && !fromEnvironment.get().equals(flagValue.trim())) {
      throw new ConfigurationException("flag " + setting.flag().orElseThrow() + "=" + flagValue + " contradicts "
          + setting.environmentVariable() + "=" + fromEnvironment.get() + ", which the operator sets: remove the flag "
          + "(from spec.trainer.args); the contract's environment variables cannot be overridden");
    }
  }

  private static TrainerConfig build(SettingValues v) {
    int attempt = (int) v.integer(Setting.ATTEMPT, 1, 1, Integer.MAX_VALUE);
    int workers = (int) v.integer(Setting.WORKER_COUNT, 1, 1, 4096);
    int worker = (int) v.integer(Setting.WORKER_ID, 0, 0, workers - 1);
    Optional<PeerGroup> peers = workers == 1 ? Optional.empty() : Optional.of(peers(v, worker, workers));

    String model = v.text(Setting.MODEL, ModelCatalog.DEEPLAB_V3_PLUS);
    if (!model.equals(ModelCatalog.DEEPLAB_V3_PLUS) && !model.equals(ModelCatalog.MASK_RCNN)) {
      throw ConfigurationException.of(Setting.MODEL, "unknown model '" + model + "'; expected deeplabv3plus or maskrcnn");
    }
    boolean maskRcnn = model.equals(ModelCatalog.MASK_RCNN);
    int classes = (int) v.integer(Setting.NUM_CLASSES, maskRcnn ? 91 : 21, 2, 255);
    int imageSize = (int) v.integer(Setting.IMAGE_SIZE, maskRcnn ? 1024 : 513, 32, 4096);
    long totalSteps = v.requiredInteger(Setting.TOTAL_STEPS, 1, Long.MAX_VALUE / 2);
    float batchNormDecay = (float) v.number(Setting.BATCH_NORM_DECAY, catchUpDecay(totalSteps), 0, 1);
    ModelSpec spec = maskRcnn ? maskRcnn(v, classes, imageSize, batchNormDecay) : deepLab(v, classes, batchNormDecay);

    int batchSize = (int) v.integer(Setting.BATCH_SIZE, 8, 1, 4096);
    if (batchSize % workers != 0) {
      throw ConfigurationException.of(Setting.BATCH_SIZE, "is the global batch (" + batchSize + ") and must divide evenly over "
          + Setting.WORKER_COUNT.display() + " (" + workers + " workers); choose a multiple of " + workers);
    }
    long seed = v.integer(Setting.SEED, 0, Long.MIN_VALUE, Long.MAX_VALUE);
    InputSpec[] inputs = inputs(v, model, classes, imageSize, batchSize / workers, seed);

    Optional<EarlyStopping> earlyStopping = earlyStopping(v, model, workers);
    RecomputePolicy recompute = v.parse(Setting.RECOMPUTE, v.text(Setting.RECOMPUTE, "auto"), RecomputePolicy::parse,
        "auto, true or false");
    return new TrainerConfig(v.text(Setting.JOB_NAME, "local"), attempt, peers, worker, workers, spec, recompute, inputs[0],
        inputs[1], totalSteps,
        schedule(v, totalSteps),
        new MomentumSgd(v.number(Setting.MOMENTUM, 0.9, 0, 1), v.number(Setting.WEIGHT_DECAY, 1e-4, 0, 1)),
        v.integer(Setting.EVAL_INTERVAL_STEPS, 0, 0, Long.MAX_VALUE), seed,
        Path.of(v.required(Setting.CHECKPOINT_DIR)),
        v.parse(Setting.CHECKPOINT_INTERVAL, v.text(Setting.CHECKPOINT_INTERVAL, "1000steps"), TrainerInterval::parse,
            "<N>steps or <N>s"),
        (int) v.integer(Setting.CHECKPOINT_KEEP, 3, 1, 1000),
        v.parse(Setting.CHECKPOINT_ON_UNRESTORABLE, v.text(Setting.CHECKPOINT_ON_UNRESTORABLE, OnUnrestorable.FAIL.contractName()),
            OnUnrestorable::fromContractName, "fail or start-over"),
        v.text(Setting.RESUME_FROM_DIR).map(Path::of),
        v.text(Setting.BIND_ADDRESS, "0.0.0.0"), (int) v.integer(Setting.STATUS_PORT, TrainerContract.DEFAULT_STATUS_PORT, 0, 65535),
        v.text(Setting.TERMINATION_MESSAGE_PATH).map(Path::of).or(TrainerConfigParser::kubernetesTerminationLog),
        earlyStopping);
  }

  private static DeepLabSpec deepLab(SettingValues v, int classes, float batchNormDecay) {
    int outputStride = (int) v.integer(Setting.OUTPUT_STRIDE, 16, 8, 16);
    if (outputStride != 8 && outputStride != 16) {
      throw ConfigurationException.of(Setting.OUTPUT_STRIDE, "must be 8 or 16, got " + outputStride);
    }
    BackboneKind backbone = v.parse(Setting.BACKBONE, v.text(Setting.BACKBONE, ContractValues.MOBILENET_V2), BackboneKind::fromContractName,
        "mobilenetv2, resnet50 or resnet101");
    return new DeepLabSpec(backbone, classes, outputStride,
        v.number(Setting.WIDTH_MULTIPLIER, 1.0, 0.01, 4.0), (int) v.integer(Setting.MAX_BLOCK_REPEATS, 0, 0, 100),
        (int) v.integer(Setting.ASPP_CHANNELS, 256, 1, 4096), (int) v.integer(Setting.DECODER_CHANNELS, 256, 1, 4096),
        (int) v.integer(Setting.LOW_LEVEL_CHANNELS, 48, 1, 4096), batchNormDecay);
  }

  /** Mask R-CNN: the reference's network unless the local knobs shrink it; inputs a multiple of P6's stride 64. */
  private static MaskRcnnSpec maskRcnn(SettingValues v, int classes, int imageSize, float batchNormDecay) {
    if (v.isSet(Setting.OUTPUT_STRIDE)) {
      throw ConfigurationException.of(Setting.OUTPUT_STRIDE, "applies to deeplabv3plus only; unset it for maskrcnn");
    }
    if (imageSize % ContractValues.MASK_RCNN_SIZE_MULTIPLE != 0) {
      throw ConfigurationException.of(Setting.IMAGE_SIZE, "must be a multiple of " + ContractValues.MASK_RCNN_SIZE_MULTIPLE
          + " for maskrcnn (its coarsest feature level, P6, has that stride), got " + imageSize + "; the reference uses 1024");
    }
    BackboneKind backbone = v.parse(Setting.BACKBONE, v.text(Setting.BACKBONE, ContractValues.RESNET_50), BackboneKind::fromContractName,
        "resnet50 or resnet101");
    if (backbone == BackboneKind.MOBILENETV2) {
      throw ConfigurationException.of(Setting.BACKBONE, "mobilenetv2 is for deeplabv3plus; maskrcnn takes resnet50 or resnet101");
    }
    return new MaskRcnnSpec(backbone, classes, v.number(Setting.WIDTH_MULTIPLIER, 1.0, 0.01, 4.0),
        (int) v.integer(Setting.MAX_BLOCK_REPEATS, 0, 0, 100), (int) v.integer(Setting.FPN_CHANNELS, 256, 1, 4096),
        (int) v.integer(Setting.BOX_HEAD_DIM, 1024, 1, 16384), (int) v.integer(Setting.ROIS_PER_IMAGE, 512, 4, 4096),
        (int) v.integer(Setting.MAX_INSTANCES, 100, 1, 1000), batchNormDecay);
  }

  /** Early stopping, when a metric is set; worker 0 alone evaluates, so only a single worker can act on it. */
  private static Optional<EarlyStopping> earlyStopping(SettingValues v, String model, int workers) {
    List<String> metrics = model.equals(ModelCatalog.MASK_RCNN) ? StatusDocument.MASK_RCNN_METRICS : StatusDocument.METRICS;
    Optional<String> metric = v.text(Setting.EARLY_STOP_METRIC);
    if (metric.isEmpty()) {
      if (v.isSet(Setting.EARLY_STOP_PATIENCE) || v.isSet(Setting.EARLY_STOP_MIN_DELTA)) {
        throw ConfigurationException.of(Setting.EARLY_STOP_METRIC, "must be set (" + String.join(" or ", metrics)
            + ") when " + Setting.EARLY_STOP_PATIENCE.display() + " or " + Setting.EARLY_STOP_MIN_DELTA.display() + " is");
      }
      return Optional.empty();
    }
    if (!metrics.contains(metric.get())) {
      throw ConfigurationException.of(Setting.EARLY_STOP_METRIC, "must be one of " + String.join(", ", metrics)
          + " (the evaluation metrics of " + model + "), got '" + metric.get() + "'");
    }
    if (workers > 1) {
      throw ConfigurationException.of(Setting.EARLY_STOP_METRIC, "is supported on a single worker only ("
          + Setting.WORKER_COUNT.display() + " is " + workers + "); unset it");
    }
    int patience = (int) v.integer(Setting.EARLY_STOP_PATIENCE, 3, 1, 1_000_000);
    double minDelta = v.number(Setting.EARLY_STOP_MIN_DELTA, 0, 0, 1);
    return Optional.of(new EarlyStopping(metric.get(), patience, minDelta));
  }

  /**
   * The job's workers as one data-parallel group: {@code SEGTPU_PEER_HOSTNAMES}, or GKE's
   * {@code TPU_WORKER_HOSTNAMES} for a single slice set up by something other than our operator.
   */
  private static PeerGroup peers(SettingValues v, int worker, int workers) {
    Setting source = v.isSet(Setting.PEER_HOSTNAMES) || !v.isSet(Setting.TPU_WORKER_HOSTNAMES)
        ? Setting.PEER_HOSTNAMES : Setting.TPU_WORKER_HOSTNAMES;
    List<String> hosts = v.list(source, String::trim, "host names");
    if (hosts.size() != workers || hosts.stream().anyMatch(String::isEmpty)) {
      throw ConfigurationException.of(source, "must list one host name per worker (" + workers + ", from "
          + Setting.WORKER_COUNT.display() + "), got " + (hosts.isEmpty() ? "none" : hosts.size() + ": " + String.join(",", hosts)));
    }
    int port = (int) v.integer(Setting.COLLECTIVE_PORT, TrainerContract.DEFAULT_COLLECTIVE_PORT, 1, 65535 - workers);
    long timeout = v.integer(Setting.PEER_TIMEOUT_SECONDS, DEFAULT_PEER_TIMEOUT_SECONDS, 1, 86_400);
    return new PeerGroup(worker, hosts, port, java.time.Duration.ofSeconds(timeout));
  }

  /** Long enough for worker 0's evaluations, which the other workers wait out inside the next all-reduce. */
  static final long DEFAULT_PEER_TIMEOUT_SECONDS = 600;

  /** Training and evaluation input specs. */
  private static InputSpec[] inputs(SettingValues v, String model, int classes, int imageSize, int batchSize, long seed) {
    DatasetFormat format = v.parse(Setting.DATASET_FORMAT, v.text(Setting.DATASET_FORMAT, ContractValues.SYNTHETIC),
        DatasetFormat::fromContractName, "voc-tfrecord, coco-tfrecord or synthetic");
    DatasetFormat files = model.equals(ModelCatalog.MASK_RCNN) ? DatasetFormat.COCO_TFRECORD : DatasetFormat.VOC_TFRECORD;
    if (format != DatasetFormat.SYNTHETIC && format != files) {
      throw ConfigurationException.of(Setting.DATASET_FORMAT, format.contractName() + " does not fit " + model + ", which reads "
          + files.contractName() + " or synthetic");
    }
    if (format == DatasetFormat.SYNTHETIC) {
      int examples = (int) v.integer(Setting.SYNTHETIC_EXAMPLES, v.integer(Setting.TRAIN_EXAMPLES, 64, 1, Integer.MAX_VALUE),
          1, Integer.MAX_VALUE);
      int size = (int) v.integer(Setting.SYNTHETIC_IMAGE_SIZE, imageSize, 16, 8192);
      int evalExamples = Math.max(batchSize, examples / 4);
      return new InputSpec[] {
          InputSpec.synthetic(examples, size, imageSize, batchSize, seed, classes),
          InputSpec.synthetic(evalExamples, size, imageSize, batchSize, seed, classes)};
    }
    Path dataDir = Path.of(v.required(Setting.DATA_DIR));
    String train = v.required(Setting.TRAIN_FILE_PATTERN);
    String eval = v.required(Setting.EVAL_FILE_PATTERN);
    return format == DatasetFormat.COCO_TFRECORD
        ? new InputSpec[] {
            InputSpec.cocoTfRecord(dataDir, train, imageSize, batchSize, seed, classes),
            InputSpec.cocoTfRecord(dataDir, eval, imageSize, batchSize, seed, classes)}
        : new InputSpec[] {
            InputSpec.vocTfRecord(dataDir, train, imageSize, batchSize, seed, classes),
            InputSpec.vocTfRecord(dataDir, eval, imageSize, batchSize, seed, classes)};
  }

  private static LearningRateSchedule schedule(SettingValues v, long totalSteps) {
    double base = v.number(Setting.LR_BASE, 0.01, 0, 100);
    String kind = v.text(Setting.LR_SCHEDULE, ContractValues.POLY);
    List<Long> boundaries = v.list(Setting.LR_BOUNDARIES, Long::parseLong, "steps");
    List<Double> multipliers = v.list(Setting.LR_MULTIPLIERS, Double::parseDouble, "numbers");
    LearningRateSchedule schedule;
    switch (kind) {
      case ContractValues.POLY -> {
        if (!boundaries.isEmpty() || !multipliers.isEmpty()) {
          throw ConfigurationException.of(Setting.LR_BOUNDARIES, "boundaries and multipliers apply to the stepwise "
              + "schedule, but " + Setting.LR_SCHEDULE.display() + " is poly; remove them or choose stepwise");
        }
        schedule = new PolySchedule(base, v.number(Setting.LR_POWER, 0.9, 0, 100), totalSteps);
      }
      case ContractValues.STEPWISE -> {
        if (v.isSet(Setting.LR_POWER)) {
          throw ConfigurationException.of(Setting.LR_POWER, "applies to the poly schedule, but "
              + Setting.LR_SCHEDULE.display() + " is stepwise");
        }
        if (boundaries.size() != multipliers.size()) {
          throw ConfigurationException.of(Setting.LR_MULTIPLIERS, "has " + multipliers.size() + " values but "
              + Setting.LR_BOUNDARIES.display() + " has " + boundaries.size() + "; give one multiplier per boundary");
        }
        schedule = v.parse(Setting.LR_BOUNDARIES, "", t -> new StepwiseSchedule(base, boundaries, multipliers),
            "increasing steps");
      }
      default -> throw ConfigurationException.of(Setting.LR_SCHEDULE, "expected poly or stepwise, got '" + kind + "'");
    }
    long warmupSteps = v.integer(Setting.LR_WARMUP_STEPS, 0, 0, Long.MAX_VALUE);
    if (warmupSteps > 0 && warmupSteps >= totalSteps) {
      throw ConfigurationException.of(Setting.LR_WARMUP_STEPS, "must be below " + Setting.TOTAL_STEPS.display()
          + " (" + totalSteps + "), got " + warmupSteps);
    }
    return Warmup.around(schedule, warmupSteps, v.number(Setting.LR_WARMUP_RATE, 0, 0, 100));
  }

  /**
   * The reference's batch-norm decay (0.9997) for runs long enough that the moving averages catch up
   * (about 17,000 steps and more); shorter runs get 1 - 5/steps, so evaluation in inference mode sees
   * averages of the trained network (0.9997 after 200 steps would still be 94 % initial values).
   */
  static double catchUpDecay(long totalSteps) {
    return Math.max(0.5, Math.min(REFERENCE_BATCH_NORM_DECAY, 1.0 - 5.0 / totalSteps));
  }

  static final double REFERENCE_BATCH_NORM_DECAY = 0.9997;

  /** Kubernetes' termination message file, where the kubelet created it (never created here: outside a pod it is /dev). */
  private static Optional<Path> kubernetesTerminationLog() {
    return Files.isRegularFile(TerminationMessage.KUBERNETES_DEFAULT) ? Optional.of(TerminationMessage.KUBERNETES_DEFAULT)
        : Optional.empty();
  }
}
